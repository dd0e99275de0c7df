using Microsoft.AspNetCore.Identity;

namespace Distrikt.Features.Accounts;

/// <summary>TOTP (authenticator app) enrolment and checking, on Identity's built-in authenticator token provider.</summary>
public sealed class Totp(UserManager<User> users, IUserStore<User> store)
{
    public sealed record Enrolment(string Key, string FormattedKey, string QrCodeDataUri);

    public async Task<Enrolment> EnrolmentAsync(User user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Stored without touching the security stamp (ResetAuthenticatorKeyAsync would change it), so that
            // starting enrolment does not end the session the person is enrolling from.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<User>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }
        var label = Uri.EscapeDataString($"Distrikt:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer=Distrikt&digits=6";
        var formatted = string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        return new Enrolment(key, formatted, Infrastructure.Web.QrCodes.PngDataUri(uri));
    }

    public static string Normalize(string? code) => new((code ?? "").Where(char.IsAsciiDigit).ToArray());

    public async Task<bool> VerifyAsync(User user, string? code)
    {
        var digits = Normalize(code);
        return digits.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    /// <summary>Completes enrolment: the code proves the app has the key.</summary>
    public async Task<bool> ConfirmEnrolmentAsync(User user, string? code)
    {
        if (!await VerifyAsync(user, code)) return false;
        await users.SetTwoFactorEnabledAsync(user, true);
        return true;
    }
}
