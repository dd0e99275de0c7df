using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Distrikt.Features.Accounts;
using Distrikt.Features.Demo;
using Distrikt.Features.Home;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Bench.Bare;

/// <summary>
/// The yardstick for the start page: the same database work for the demo district's staff member
/// (<see cref="StartPage.OverviewAsync"/> with names, <see cref="StartPage.MembershipsAsync"/> and the audit
/// append), the same services and DbContext setup (<see cref="DistriktApp.AddServices"/>), but no middleware,
/// no authentication and no Razor: one minimal-API endpoint writing its HTML with a StringBuilder. The start
/// page's throughput divided by this one's says what the page's own machinery costs.
/// </summary>
public static class BareStartPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    // An explicit entry point: top-level statements would declare a second global Program next to Distrikt's.
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        DistriktApp.AddServices(builder);
        var app = builder.Build();

        // The page learns who is signed in from the cookie; here the staff member is fixed once at start.
        Viewer viewer;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
            await DatabaseSetup.MigrateAsync(db);
            var districtId = await db.Set<Unit>().AsNoTracking().Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync();
            var user = await db.Set<User>().AsNoTracking().Where(u => u.Email == DemoSeeder.Staff.Email)
                .Select(u => new { u.Id, u.PersonId }).SingleAsync();
            viewer = new Viewer(districtId, user.Id, user.PersonId!.Value, $"{DemoSeeder.Staff.FirstName} {DemoSeeder.Staff.LastName}");
        }

        // The app's fallback policy demands a signed-in user; the yardstick has no sign-in to pay for.
        app.MapGet("/", (HttpContext http, DistriktDb db, AuditLog audit, TimeProvider clock) => RenderAsync(http, db, audit, clock, viewer))
            .AllowAnonymous();
        // The member list's yardstick (bench/member-list.sh), for the same viewer and district.
        BareMemberList.Map(app, viewer.DistrictId, viewer.UserId, viewer.Name);
        await app.RunAsync();
    }

    private sealed record Viewer(Guid DistrictId, Guid UserId, Guid PersonId, string Name);

    private static async Task<IResult> RenderAsync(HttpContext http, DistriktDb db, AuditLog audit, TimeProvider clock, Viewer viewer)
    {
        var ct = http.RequestAborted;
        var today = SwedishFormat.Today(clock);
        var memberships = await StartPage.MembershipsAsync(db, viewer.PersonId, today, ct);
        var overview = await StartPage.OverviewAsync(db, viewer.DistrictId, showNames: true, today, ct);
        var namesShown = overview.Associations.Count(a => a.Chair is not null) + overview.Expiring.Count;
        if (namesShown > 0)
        {
            await audit.RecordAsync(new AuditActor(viewer.UserId, viewer.Name, http.Connection.RemoteIpAddress?.ToString()), AuditAction.View, "Startsida", null,
                $"Startsidan visade namn på {namesShown} uppdragstagare", ct);
        }

        var sb = new StringBuilder(8192);
        sb.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Start – Distrikt</title></head><body><main>");
        sb.Append("<h1>Hej ").Append(Html.Encode(DemoSeeder.Staff.FirstName)).Append("!</h1>");
        sb.Append("<section class=\"card\"><h2>").Append(Html.Encode(overview.Name)).Append("</h2><div class=\"stats\">");
        sb.Append("<div class=\"stat\"><span class=\"stat-value\">").Append(SwedishFormat.Number(overview.Members)).Append("</span><span class=\"stat-label\">medlemmar</span></div>");
        sb.Append("<div class=\"stat\"><span class=\"stat-value\">").Append(SwedishFormat.Number(overview.NewMembers)).Append("</span><span class=\"stat-label\">nya senaste 30 dagarna</span></div>");
        sb.Append("</div><table><thead><tr><th>Förening</th><th>Medlemmar</th><th>Nya</th><th>Ordförande</th><th>Vakant</th></tr></thead><tbody>");
        foreach (var a in overview.Associations)
        {
            sb.Append("<tr><th scope=\"row\"><a href=\"/enheter/").Append(a.Id).Append("\">").Append(Html.Encode(a.Name)).Append("</a></th>");
            sb.Append("<td>").Append(SwedishFormat.Number(a.Members)).Append("</td><td>").Append(SwedishFormat.Number(a.NewMembers)).Append("</td>");
            sb.Append("<td>").Append(Html.Encode(a.Chair ?? "–")).Append("</td>");
            sb.Append("<td>").Append(a.VacantSeats.Count == 0 ? "–" : Html.Encode(string.Join(", ", a.VacantSeats))).Append("</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (overview.Expiring.Count > 0)
        {
            sb.Append("<h3>Uppdrag som löper ut inom 60 dagar</h3><ul>");
            foreach (var e in overview.Expiring)
            {
                sb.Append("<li><strong>").Append(Html.Encode(e.PersonName)).Append("</strong>, ").Append(Html.Encode(e.TypeName.ToLower(SwedishFormat.Culture)))
                  .Append(" i <a href=\"/enheter/").Append(e.UnitId).Append("\">").Append(Html.Encode(e.UnitName)).Append("</a> – till ").Append(SwedishFormat.Date(e.EndsOn)).Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</section><section class=\"card\"><h2>Ditt medlemskap</h2><ul>");
        foreach (var m in memberships)
        {
            sb.Append("<li>Medlem i <strong>").Append(Html.Encode(m.UnitName)).Append("</strong> sedan ").Append(SwedishFormat.LongDate(m.StartedOn)).Append("</li>");
        }
        sb.Append("</ul></section></main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8");
    }
}
