namespace Distrikt.Infrastructure.Security;

/// <summary>
/// Strict headers on every response. The CSP allows nothing inline and nothing from elsewhere: all script and
/// style are files of our own, so an injected string can never run.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            // Sign-in links carry a token in the address; no page may pass its address on to another site.
            // (same-origin rather than no-referrer: with no-referrer the browser sends "Origin: null" on our own
            // form posts, and passkey verification compares that origin.)
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=(), payment=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js") && !context.Request.Path.StartsWithSegments("/img"))
            {
                // Pages may show personal data: never keep them in shared or browser caches.
                h.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next();
    });
}
