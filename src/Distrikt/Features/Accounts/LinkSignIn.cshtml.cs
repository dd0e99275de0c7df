using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Distrikt.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting(DistriktApp.SignInRateLimit)]
public sealed class LinkSignInModel(SignInLinks links, UserManager<User> users, AccountSignIn accountSignIn, DistriktOptions options) : PageModel
{
    public string? Token { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(string? token)
    {
        Token = token;
        var problem = await links.CheckAsync(token, HttpContext.RequestAborted);
        if (problem != LinkProblem.None) Problem = SignInLinks.Describe(problem);
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        var (userId, problem) = await links.RedeemAsync(token, HttpContext.RequestAborted);
        var user = userId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            Problem = SignInLinks.Describe(problem == LinkProblem.None ? LinkProblem.Unknown : problem);
            return Page();
        }
        if (user.IsDemo && options.DemoMode)
        {
            await accountSignIn.CompleteAsync(user, SignInMethod.Demo);
            return LocalRedirect("/");
        }
        if (user.TwoFactorEnabled || await accountSignIn.NeedsStrongSignInAsync(user))
        {
            await accountSignIn.BeginSecondStepAsync(user);
            return RedirectToPage("/Accounts/SecondStep");
        }
        await accountSignIn.CompleteAsync(user, SignInMethod.EmailLink);
        return LocalRedirect("/");
    }
}
