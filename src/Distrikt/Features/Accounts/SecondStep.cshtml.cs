using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Distrikt.Features.Accounts;

/// <summary>The TOTP step after an e-mail link, with enrolment the first time. Only reachable with the short-lived second-step cookie.</summary>
[AllowAnonymous]
[EnableRateLimiting(DistriktApp.SignInRateLimit)]
public sealed class SecondStepModel(AccountSignIn accountSignIn, Totp totp, UserManager<User> users) : PageModel
{
    public Totp.Enrolment? Enrolment { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await accountSignIn.SecondStepUserAsync();
        if (user is null) return Expired();
        if (!user.TwoFactorEnabled) Enrolment = await totp.EnrolmentAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        var user = await accountSignIn.SecondStepUserAsync();
        if (user is null) return Expired();
        var ok = user.TwoFactorEnabled ? await totp.VerifyAsync(user, code) : await totp.ConfirmEnrolmentAsync(user, code);
        if (!ok)
        {
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                await accountSignIn.EndSecondStepAsync();
                TempData["Message"] = "För många felaktiga koder. Kontot är spärrat en kort stund; försök igen om 15 minuter.";
                return Redirect("/logga-in");
            }
            Error = "Koden stämmer inte. Kontrollera att telefonens klocka går rätt och skriv den kod som visas nu.";
            if (!user.TwoFactorEnabled) Enrolment = await totp.EnrolmentAsync(user);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await accountSignIn.EndSecondStepAsync();
        await accountSignIn.CompleteAsync(user, SignInMethod.Totp);
        return LocalRedirect("/");
    }

    private IActionResult Expired()
    {
        TempData["Message"] = "Inloggningen tog för lång tid. Be om en ny länk.";
        return Redirect("/logga-in");
    }
}
