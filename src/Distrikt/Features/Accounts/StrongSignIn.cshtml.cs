using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Distrikt.Features.Accounts;

/// <summary>Raises a weak session (e-mail link only) to a strong one with a TOTP code, enrolling first if needed.</summary>
[EnableRateLimiting(DistriktApp.SignInRateLimit)]
public sealed class StrongSignInModel(UserManager<User> users, Totp totp, AccountSignIn accountSignIn) : PageModel
{
    public Totp.Enrolment? Enrolment { get; private set; }
    public string? Error { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = SignInModel.SafeReturnUrl(returnUrl);
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.TwoFactorEnabled) Enrolment = await totp.EnrolmentAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = SignInModel.SafeReturnUrl(returnUrl);
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var ok = user.TwoFactorEnabled ? await totp.VerifyAsync(user, code) : await totp.ConfirmEnrolmentAsync(user, code);
        if (!ok)
        {
            await users.AccessFailedAsync(user);
            Error = "Koden stämmer inte. Kontrollera att telefonens klocka går rätt och skriv den kod som visas nu.";
            if (!user.TwoFactorEnabled) Enrolment = await totp.EnrolmentAsync(user);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await accountSignIn.CompleteAsync(user, SignInMethod.Totp);
        return LocalRedirect(ReturnUrl);
    }
}
