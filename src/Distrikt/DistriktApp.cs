using System.Globalization;
using System.Threading.RateLimiting;
using Distrikt.Features.Accounts;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Mail;
using Distrikt.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Distrikt;

/// <summary>Composition of the app: services and the request pipeline, shared by the web app and the command-line verbs.</summary>
public static class DistriktApp
{
    public const string SignInRateLimit = "sign-in";
    /// <summary>Forms anyone may post without signing in (the interest form): twenty posts per address and ten minutes.</summary>
    public const string PublicFormRateLimit = "public-form";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customize?.Invoke(builder);
        AddServices(builder);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    public static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var options = config.GetSection("Distrikt").Get<DistriktOptions>() ?? new DistriktOptions();
        options.DataDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.DataDirectory));
        if (options.DemoMode && builder.Environment.IsProduction())
        {
            // Demo accounts skip the second factor; that must never be possible on a real installation.
            throw new InvalidOperationException("Demoläget kan inte slås på i produktionsmiljön (ASPNETCORE_ENVIRONMENT=Production).");
        }
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        services.AddDistriktDatabase(config, options.DataDirectory);
        services.AddSingleton<AuditWriter>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AccessResolver>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<SignInLinks>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<Totp>();
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<Features.RegisterImport.RegisterUploadCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.RegisterImport.RegisterUploadCleanup>());
        services.AddSingleton<Features.Erasure.RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Erasure.RetentionJob>());
        services.AddSingleton<Features.Gatherings.GatheringJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Gatherings.GatheringJob>());

        var mail = config.GetSection("Distrikt:Mail").Get<MailOptions>() ?? new MailOptions();
        services.AddSingleton(mail);
        services.AddSingleton<IMailSender>(string.IsNullOrWhiteSpace(mail.Smtp.Host)
            ? new PickupFolderMailSender(mail, Path.Combine(options.DataDirectory, "mail"))
            : new SmtpMailSender(mail));

        services.AddDataProtection()
            .SetApplicationName("Distrikt")
            .PersistKeysToDbContext<DistriktDb>();

        services.AddIdentityCore<User>(o =>
            {
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<DistriktDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "distrikt";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(options.SignIn.SessionHours);
            o.SlidingExpiration = true;
            o.LoginPath = "/logga-in";
            o.LogoutPath = "/logga-ut";
            o.AccessDeniedPath = "/atkomst-nekad";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // "Sign out everywhere" changes the security stamp; other sessions notice within this interval.
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = ctx =>
            {
                foreach (var claim in ctx.CurrentPrincipal?.FindAll(c => c.Type is DistriktClaims.StrongMethod or "amr") ?? [])
                {
                    if (ctx.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity id && !id.HasClaim(claim.Type, claim.Value))
                        id.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value));
                }
                return Task.CompletedTask;
            };
        });

        services.AddAuthorization(o =>
        {
            // Everything needs a signed-in user unless it says otherwise; the endpoint test lists every exception.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            o.AddPermissionPolicies();
        });
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, DistriktAuthorizationResultHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "okänd",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignIn.AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Only sending counts: reading the form is free.
            o.AddPolicy(PublicFormRateLimit, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("läsa")
                : RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "okänd",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(10), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                var signIn = ctx.HttpContext.Request.Path.StartsWithSegments("/logga-in");
                await ctx.HttpContext.Response.WriteAsync(signIn
                    ? "För många inloggningsförsök. Vänta en minut och försök igen."
                    : "För många försök från din anslutning. Vänta några minuter och försök igen.", ct);
            };
        });

        // Swedish letters are written as themselves, not as numeric entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            // One form creates a gathering in a unit and changes an existing one.
            o.Conventions.AddPageRoute("/Gatherings/Edit", "/traffar/{id:guid}/redigera");
            o.Conventions.AddPageRoute("/Gatherings/Edit", "/traffar/ny");
            o.Conventions.AddPageRoute("/Gatherings/Feed", "/kalender/offentlig/{districtId:guid}");
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "distrikt-csrf";
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind nginx on the same machine or network; see docs/operations.md.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int apiStatus)
    {
        if (DistriktAuthorizationResultHandler.IsApi(ctx.HttpContext))
        {
            ctx.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UsePipeline(WebApplication app)
    {
        var culture = CultureInfo.GetCultureInfo("sv-SE");
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;

        app.UseForwardedHeaders();
        app.UseExceptionHandler("/fel/500");
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/fel/{0}");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous().DisableRateLimiting();
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapRazorPages();
        Features.Api.DistriktApi.MapDistriktApi(app);
    }

    public static void PrintWelcome(WebApplication app)
    {
        var options = app.Services.GetRequiredService<DistriktOptions>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var mail = app.Services.GetRequiredService<IMailSender>();
        Console.WriteLine();
        Console.WriteLine($"Distrikt körs på {string.Join(", ", addresses)}");
        if (mail is PickupFolderMailSender pickup)
            Console.WriteLine($"E-post (t.ex. inloggningslänkar) skrivs som .eml-filer till {pickup.Folder}");
        if (options.DemoMode)
        {
            Console.WriteLine("DEMOLÄGE – ett påhittat distrikt. Logga in med ett klick på inloggningssidan, eller med e-postlänk som:");
            foreach (var account in DemoSeeder.Accounts)
                Console.WriteLine($"  {account.Role,-34} {account.Email}");
        }
        Console.WriteLine("Avsluta med Ctrl+C.");
    }
}

