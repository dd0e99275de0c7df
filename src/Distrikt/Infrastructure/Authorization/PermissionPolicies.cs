using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Distrikt.Infrastructure.Authorization;

/// <summary>
/// Guards a page or endpoint by a permission. When the route carries a <c>unitId</c>, the permission must be
/// held in that unit (or above it); otherwise anywhere. The same attribute guards pages and the JSON API.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(Permission permission) : AuthorizeAttribute(PermissionPolicies.Name(permission))
{
    public Permission Permission { get; } = permission;
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

public static class PermissionPolicies
{
    public const string Prefix = "permission:";
    public const string UnitRouteKey = "unitId";
    /// <summary>Marks a failure caused only by a weak sign-in, so the user is sent to strengthen it instead of a dead end.</summary>
    public const string NeedsStrongSignInItem = "distrikt:needs-strong-sign-in";

    public static string Name(Permission permission) => Prefix + permission;

    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var (permission, _) in Permissions.All)
        {
            options.AddPolicy(Name(permission), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        }
    }

    public static RouteHandlerBuilder RequirePermission(this RouteHandlerBuilder builder, Permission permission) =>
        builder.RequireAuthorization(Name(permission));
}

public sealed class PermissionHandler(IHttpContextAccessor httpAccessor) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var http = context.Resource as HttpContext ?? httpAccessor.HttpContext;
        if (http is null) return;
        var access = await http.RequestServices.GetRequiredService<AccessResolver>().GetAsync(http.RequestAborted);
        var unitId = http.GetRouteValue(PermissionPolicies.UnitRouteKey) is { } raw && Guid.TryParse(raw.ToString(), out var id) ? id : (Guid?)null;
        var held = unitId is { } u ? access.In(u) : access.Anywhere;
        if ((held & requirement.Permission) != requirement.Permission) return;
        if (!access.StrongEnoughFor(requirement.Permission))
        {
            http.Items[PermissionPolicies.NeedsStrongSignInItem] = true;
            return;
        }
        context.Succeed(requirement);
    }
}

/// <summary>Sends a user whose only lack is a strong sign-in to the page that lets them strengthen it; API callers get 401/403 without redirects.</summary>
public sealed class DistriktAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Items.ContainsKey(PermissionPolicies.NeedsStrongSignInItem) && !IsApi(context))
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect("/konto/stark-inloggning?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
