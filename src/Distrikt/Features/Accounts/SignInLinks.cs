using System.Security.Cryptography;
using System.Text;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Mail;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Accounts;

public enum LinkProblem
{
    None,
    Malformed,
    Unknown,
    Expired,
    AlreadyUsed,
}

/// <summary>Issues and redeems one-time e-mail sign-in links.</summary>
public sealed class SignInLinks(DistriktDb db, IMailSender mail, TimeProvider clock, DistriktOptions options)
{
    /// <summary>Sends a link if the address belongs to an account. The caller says the same thing either way, so addresses cannot be probed.</summary>
    public async Task SendAsync(string email, string baseUrl, CancellationToken ct = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user?.Email is null) return;
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.Add(new SignInLink
        {
            UserId = user.Id,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(options.SignIn.LinkLifetimeMinutes),
        });
        await db.SaveChangesAsync(ct);
        var url = $"{baseUrl.TrimEnd('/')}/logga-in/lank?token={token}";
        var minutes = options.SignIn.LinkLifetimeMinutes;
        await mail.SendAsync(new OutgoingMail(user.Email, "Din inloggningslänk till Distrikt",
            $"""
            Hej!

            Någon (förhoppningsvis du) bad om att logga in i Distrikt. Öppna länken för att logga in:

            {url}

            Länken fungerar en gång och i {minutes} minuter. Om det inte var du kan du bortse från det här meddelandet.
            """), ct);
    }

    /// <summary>Redeems a link: valid, unexpired and unused, it is marked used in the same step so it can never work twice.</summary>
    public async Task<(Guid? UserId, LinkProblem Problem)> RedeemAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100 || !IsBase64Url(token)) return (null, LinkProblem.Malformed);
        var hash = Hash(token);
        var link = await db.Set<SignInLink>().AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return (null, LinkProblem.Unknown);
        if (link.UsedAt is not null) return (null, LinkProblem.AlreadyUsed);
        var now = clock.GetUtcNow();
        if (link.ExpiresAt < now) return (null, LinkProblem.Expired);
        // Conditional update: of two simultaneous redemptions only one changes the row.
        var claimed = await db.Set<SignInLink>()
            .Where(l => l.Id == link.Id && l.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        return claimed == 1 ? (link.UserId, LinkProblem.None) : (null, LinkProblem.AlreadyUsed);
    }

    /// <summary>Peeks at a link without using it, so the confirmation page can say early that it is stale.</summary>
    public async Task<LinkProblem> CheckAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100 || !IsBase64Url(token)) return LinkProblem.Malformed;
        var hash = Hash(token);
        var link = await db.Set<SignInLink>().AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return LinkProblem.Unknown;
        if (link.UsedAt is not null) return LinkProblem.AlreadyUsed;
        return link.ExpiresAt < clock.GetUtcNow() ? LinkProblem.Expired : LinkProblem.None;
    }

    public static string Describe(LinkProblem problem) => problem switch
    {
        LinkProblem.Malformed => "Länken är ofullständig eller felaktig. Kopiera hela länken från e-postmeddelandet, eller be om en ny.",
        LinkProblem.Unknown => "Länken känns inte igen. Be om en ny inloggningslänk.",
        LinkProblem.Expired => "Länken har gått ut. Be om en ny inloggningslänk.",
        LinkProblem.AlreadyUsed => "Länken har redan använts. Varje länk fungerar bara en gång – be om en ny.",
        _ => "",
    };

    private static bool IsBase64Url(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
