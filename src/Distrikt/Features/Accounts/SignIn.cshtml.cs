using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Distrikt.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting(DistriktApp.SignInRateLimit)]
public sealed class SignInModel(SignInLinks links, UserManager<User> users, SignInManager<User> signInManager, AccountSignIn accountSignIn, DistriktOptions options) : PageModel
{
    public string? Email { get; private set; }
    public string? Error { get; private set; }
    public bool Sent { get; private set; }
    public string ReturnUrl { get; private set; } = "/";
    public bool DemoMode => options.DemoMode;
    public int LinkMinutes => options.SignIn.LinkLifetimeMinutes;

    public void OnGet(string? returnUrl, bool sent = false)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Sent = sent;
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Email = email?.Trim();
        if (string.IsNullOrEmpty(Email) || Email.Length > 254 || !new EmailAddressAttribute().IsValid(Email))
        {
            Error = "Skriv en giltig e-postadress, till exempel namn@exempel.se.";
            return Page();
        }
        await links.SendAsync(Email, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", HttpContext.RequestAborted);
        return RedirectToPage(new { sent = true, returnUrl = ReturnUrl });
    }

    public async Task<IActionResult> OnPostDemoAsync(string? email)
    {
        if (!options.DemoMode) return NotFound();
        var user = email is null ? null : await users.FindByEmailAsync(email);
        if (user is null || !user.IsDemo)
        {
            Error = "Demokontot finns inte i den här databasen.";
            return Page();
        }
        await accountSignIn.CompleteAsync(user, SignInMethod.Demo);
        return LocalRedirect("/");
    }

    public async Task<IActionResult> OnPostPasskeyAsync(string? credentialJson, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > 20_000)
        {
            Error = "Inloggningen med nyckel avbröts. Försök igen eller använd e-postlänk.";
            return Page();
        }
        var result = await signInManager.PerformPasskeyAssertionAsync(credentialJson);
        if (!result.Succeeded || result.User is null)
        {
            Error = "Nyckeln kunde inte verifieras. Försök igen eller använd e-postlänk.";
            return Page();
        }
        await users.AddOrUpdatePasskeyAsync(result.User, result.Passkey);
        await accountSignIn.CompleteAsync(result.User, SignInMethod.Passkey);
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Options for navigator.credentials.get(); fetched by the page script.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signInManager.MakePasskeyRequestOptionsAsync(user: null), "application/json");

    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
