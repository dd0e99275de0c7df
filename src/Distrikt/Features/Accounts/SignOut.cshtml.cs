using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Accounts;

public sealed class SignOutModel(SignInManager<User> signIn, AuditLog audit, AccessResolver accessResolver) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = await HttpContext.AuditActorAsync(accessResolver);
        await signIn.SignOutAsync();
        await audit.RecordAsync(actor, AuditAction.SignOut, "Konto", actor.UserId?.ToString(), "Utloggning");
        TempData["Message"] = "Du är utloggad.";
        return Redirect("/logga-in");
    }
}
