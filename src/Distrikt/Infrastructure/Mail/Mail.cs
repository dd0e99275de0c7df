using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Distrikt.Infrastructure.Mail;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public bool UseStartTls { get; set; } = true;
}

public sealed class MailOptions
{
    public string From { get; set; } = "Distrikt <noreply@distrikt.invalid>";
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>A file sent along with a mail, such as the .ics of a gathering.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null, IReadOnlyList<MailAttachment>? Attachments = null);

/// <summary>The one way the app sends e-mail: SMTP when a host is configured, otherwise .eml files in the data folder.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct = default);
}

public static class MailMessages
{
    public static MimeMessage Build(MailOptions options, OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments ?? [])
        {
            var entity = body.Attachments.Add(attachment.FileName, attachment.Content, AttachmentContentType(attachment.ContentType));
            // Base64 keeps the bytes exactly: in 7bit, 8bit or quoted-printable the line breaks of a text file follow
            // the writer's newline format (LF in the .eml files on Linux), and iCalendar requires CRLF.
            if (entity is MimePart part) part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private static ContentType AttachmentContentType(string contentType)
    {
        var parsed = ContentType.Parse(contentType);
        // A calendar attached to a mail is a file for the member to open. With a method parameter, mail programs read
        // the part as an iTIP invitation (RFC 6047) and offer to reply to an organizer that does not exist.
        if (parsed.IsMimeType("text", "calendar")) parsed.Parameters.Remove("method");
        return parsed;
    }
}

public sealed class SmtpMailSender(MailOptions options) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Smtp.Host, options.Smtp.Port,
            options.Smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(options.Smtp.UserName))
        {
            await client.AuthenticateAsync(options.Smtp.UserName, options.Smtp.Password, ct);
        }
        await client.SendAsync(MailMessages.Build(options, mail), ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>The embedded default: each mail becomes an .eml file that any mail program opens.</summary>
public sealed class PickupFolderMailSender(MailOptions options, string folder) : IMailSender
{
    public string Folder { get; } = folder;

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fffffff}-{Guid.NewGuid():N}.eml";
        var path = Path.Combine(Folder, name);
        await using var stream = File.Create(path);
        await MailMessages.Build(options, mail).WriteToAsync(stream, ct);
    }
}
