using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Accounts;

public sealed class AccountModel(UserManager<User> users, SignInManager<User> signIn, AccessResolver accessResolver, AuditLog audit) : PageModel
{
    public sealed record PasskeyRow(string CredentialId, string? Name, DateTimeOffset CreatedAt);

    public string? Name { get; private set; }
    public string? Email { get; private set; }
    public string SignInDescription { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }
    public IReadOnlyList<HeldAssignment> Assignments { get; private set; } = [];
    public IReadOnlyList<PasskeyRow> Passkeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var access = await accessResolver.GetAsync();
        Email = user.Email;
        TwoFactorEnabled = user.TwoFactorEnabled;
        SignInDescription = User.FindFirst(DistriktClaims.StrongMethod)?.Value switch
        {
            "passkey" => "Nyckel (passkey) – stark inloggning",
            "totp" => "E-postlänk och engångskod – stark inloggning",
            "demo" => "Demokonto – utan andra steg, bara i demoläget",
            _ => "E-postlänk",
        };
        Assignments = access.Assignments.OrderBy(a => a.UnitName, SwedishCollation.Comparer).ToList();
        Name = access.PersonName;
        Passkeys = (await users.GetPasskeysAsync(user))
            .Select(p => new PasskeyRow(Convert.ToBase64String(p.CredentialId), p.Name, p.CreatedAt))
            .OrderBy(p => p.CreatedAt).ToList();
        return Page();
    }

    /// <summary>Options for navigator.credentials.create(); fetched by the page script.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.Email ?? user.UserName!, DisplayName = user.Email ?? user.UserName! };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync(string? credentialJson, string? name)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > 20_000)
        {
            TempData["Message"] = "Nyckeln skapades inte. Försök igen.";
            return RedirectToPage();
        }
        var attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        if (!attestation.Succeeded)
        {
            TempData["Message"] = "Nyckeln kunde inte verifieras och sparades inte.";
            return RedirectToPage();
        }
        var passkey = attestation.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(name) ? "Nyckel" : name.Trim()[..Math.Min(100, name.Trim().Length)];
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Konto", user.Id.ToString(), "Nyckel (passkey) tillagd");
        TempData["Message"] = "Nyckeln är sparad. Nästa gång kan du logga in med den.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(string? credentialId)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        byte[] id;
        try { id = Convert.FromBase64String(credentialId ?? ""); }
        catch (FormatException) { return BadRequest(); }
        await users.RemovePasskeyAsync(user, id);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Konto", user.Id.ToString(), "Nyckel (passkey) borttagen");
        TempData["Message"] = "Nyckeln är borttagen.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var actor = await HttpContext.AuditActorAsync(accessResolver);
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        await audit.RecordAsync(actor, AuditAction.SignOut, "Konto", user.Id.ToString(), "Utloggning på alla enheter");
        TempData["Message"] = "Du är utloggad på alla enheter.";
        return Redirect("/logga-in");
    }
}
