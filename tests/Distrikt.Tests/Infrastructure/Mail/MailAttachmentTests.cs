using System.Text;
using Distrikt.Features.Gatherings.Calendar;
using Distrikt.Infrastructure.Mail;
using MimeKit;

namespace Distrikt.Tests.Infrastructure.Mail;

/// <summary>Files sent with a mail, such as the .ics of a gathering, reach the member as they were made.</summary>
public sealed class MailAttachmentTests : IDisposable
{
    private static readonly MailOptions Options = new() { From = "Distrikt <noreply@distrikt.invalid>" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "distrikt-mail-" + Guid.NewGuid().ToString("N"));

    private static byte[] Calendar()
    {
        var start = new DateTimeOffset(2026, 6, 15, 16, 0, 0, TimeSpan.Zero);
        var ics = Ics.Write("Distriktets träffar",
            [new CalendarEvent("gathering-42@distrikt.invalid", "Årsmöte i Knivsta", start, start.AddHours(2), start.AddDays(-10),
                Description: "Kaffe, smörgås och val av styrelse.")], "PUBLISH");
        return Encoding.UTF8.GetBytes(ics);
    }

    private static OutgoingMail MailWith(params MailAttachment[] attachments) =>
        new("medlem@example.org", "Välkommen till årsmötet", "Hej! Kalenderfilen ligger bifogad.", null, attachments);

    private static byte[] Bytes(MimePart part)
    {
        using var stream = new MemoryStream();
        Assert.NotNull(part.Content);
        part.Content.DecodeTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_built_message_carries_the_ics_with_its_file_name_content_type_and_bytes()
    {
        var content = Calendar();
        var message = MailMessages.Build(Options, MailWith(new MailAttachment("Årsmöte Knivsta.ics", Ics.ContentType, content)));

        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("Årsmöte Knivsta.ics", part.FileName);
        Assert.True(part.IsAttachment);
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        Assert.Equal(content, Bytes(part));
        Assert.Equal("Hej! Kalenderfilen ligger bifogad.", message.TextBody);
    }

    [Fact]
    public void A_calendar_attachment_loses_its_method_parameter()
    {
        var message = MailMessages.Build(Options, MailWith(new MailAttachment("traff.ics", "text/calendar; charset=utf-8; method=REQUEST", Calendar())));

        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.False(part.ContentType.Parameters.Contains("method"));
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
    }

    [Fact]
    public void Other_attachments_keep_their_content_type()
    {
        var pdf = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF, 0x10 };
        var message = MailMessages.Build(Options, MailWith(new MailAttachment("kallelse.pdf", "application/pdf", pdf)));

        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("application/pdf", part.ContentType.MimeType);
        Assert.Equal("kallelse.pdf", part.FileName);
        Assert.Equal(pdf, Bytes(part));
    }

    [Fact]
    public void A_mail_without_attachments_is_built_as_before()
    {
        var message = MailMessages.Build(Options, new OutgoingMail("medlem@example.org", "Ämne", "Text", "<p>Text</p>"));

        Assert.Empty(message.Attachments);
        Assert.IsType<MultipartAlternative>(message.Body);
    }

    [Fact]
    public async Task A_mail_written_to_the_pickup_folder_has_the_attachment_when_read_back()
    {
        var content = Calendar();
        var sender = new PickupFolderMailSender(Options, _folder);

        await sender.SendAsync(MailWith(new MailAttachment("Årsmöte Knivsta.ics", Ics.ContentType, content)));

        var file = Assert.Single(new DirectoryInfo(_folder).GetFiles("*.eml"));
        var message = await MimeMessage.LoadAsync(file.FullName);
        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("Årsmöte Knivsta.ics", part.FileName);
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.Equal(content, Bytes(part));
        Assert.Equal("Välkommen till årsmötet", message.Subject);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
