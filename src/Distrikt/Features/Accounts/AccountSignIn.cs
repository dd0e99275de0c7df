using System.Security.Claims;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Accounts;

/// <summary>How a sign-in was done; passkeys and TOTP are strong, an e-mail link alone is not.</summary>
public enum SignInMethod
{
    EmailLink,
    Totp,
    Passkey,
    Demo,
}

/// <summary>
/// The last step of every sign-in path: issue the session cookie with a claim saying how strong the sign-in
/// was, and write it to the audit log. The rule that people who can see others' data need a strong sign-in
/// is enforced by the permission checks, which look at that claim.
/// </summary>
public sealed class AccountSignIn(SignInManager<User> signIn, AccessResolver accessResolver, AuditLog audit, DistriktDb db, IHttpContextAccessor http)
{
    public async Task CompleteAsync(User user, SignInMethod method)
    {
        var claims = new List<Claim>();
        var strong = method switch
        {
            SignInMethod.Passkey => "passkey",
            SignInMethod.Totp => "totp",
            SignInMethod.Demo => "demo",
            _ => null,
        };
        if (strong is not null) claims.Add(new Claim(DistriktClaims.StrongMethod, strong));
        claims.Add(new Claim("amr", method switch
        {
            SignInMethod.Passkey => "hwk",
            SignInMethod.Totp => "mfa",
            SignInMethod.Demo => "demo",
            _ => "email",
        }));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
        var context = http.HttpContext!;
        var name = user.PersonId is { } pid
            ? await db.Set<People.Person>().AsNoTracking().Where(p => p.Id == pid).Select(p => p.FirstName + " " + p.LastName).FirstOrDefaultAsync()
            : null;
        await audit.RecordAsync(new AuditActor(user.Id, name, context.Connection.RemoteIpAddress?.ToString()), AuditAction.SignIn, "Konto", user.Id.ToString(),
            method switch
            {
                SignInMethod.Passkey => "Inloggning med nyckel (passkey)",
                SignInMethod.Totp => "Inloggning med e-postlänk och engångskod",
                SignInMethod.Demo => "Inloggning med demokonto",
                _ => "Inloggning med e-postlänk",
            });
    }

    /// <summary>Whether this user's current assignments require a strong sign-in.</summary>
    public async Task<bool> NeedsStrongSignInAsync(User user)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id.ToString())], "check"));
        var access = await accessResolver.ForPrincipalAsync(principal);
        return access.NeedsStrongSignIn;
    }

    /// <summary>Remembers who passed the first step (the e-mail link) until the TOTP code is given.</summary>
    public async Task BeginSecondStepAsync(User user)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Id.ToString()));
        await http.HttpContext!.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(10), IsPersistent = false });
    }

    public async Task<User?> SecondStepUserAsync()
    {
        var result = await http.HttpContext!.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var id = result.Principal?.FindFirstValue(ClaimTypes.Name);
        return id is null ? null : await signIn.UserManager.FindByIdAsync(id);
    }

    public Task EndSecondStepAsync() => http.HttpContext!.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
}
