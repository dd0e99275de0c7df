using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Distrikt.Features.Members;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;

namespace Distrikt.Bench.Bare;

/// <summary>
/// The yardstick for the member list: the same reads as the page (<see cref="MemberList.PageAsync"/> with the
/// filter from the address, the cached unit tree and filter choices) and the same audit entry, but no
/// middleware, no sign-in, no Razor: the table written with a StringBuilder. The page's throughput divided by
/// this one's says what the page's own machinery costs.
/// </summary>
public static class BareMemberList
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static void Map(WebApplication app, Guid districtId, Guid userId, string viewerName) =>
        app.MapGet("/medlemmar", (HttpContext http, DistriktDb db, AuditLog audit, TimeProvider clock) =>
                RenderAsync(http, db, audit, clock, districtId, new AuditActor(userId, viewerName, http.Connection.RemoteIpAddress?.ToString())))
            .AllowAnonymous();

    private static async Task<IResult> RenderAsync(HttpContext http, DistriktDb db, AuditLog audit, TimeProvider clock, Guid unitId, AuditActor actor)
    {
        var ct = http.RequestAborted;
        var today = SwedishFormat.Today(clock);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var unit = directory.Units[unitId];
        var scope = MemberList.Scope(directory, unitId);
        var choices = await MemberListChoicesCache.GetAsync(db, unitId, scope, ct);
        var filter = MemberFilter.FromQuery(http.Request.Query);
        var page = int.TryParse(http.Request.Query["sida"], out var p) ? p : 1;
        var result = await MemberList.PageAsync(db, scope, filter, today, page, ct);
        var described = filter.Describe(id => directory.Units.TryGetValue(id, out var u) ? u.Name : null,
            id => choices.AssignmentTypes.FirstOrDefault(t => t.Id == id)?.Name);
        await audit.RecordAsync(actor, AuditAction.View, "Medlemslista", unitId.ToString(),
            $"Visade medlemslistan för {unit.Name} ({described}): {result.Rows.Count} av {result.Total} personer, sida {result.Page}", ct);

        var sb = new StringBuilder(16384);
        sb.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Medlemmar – Distrikt</title></head><body><main>");
        sb.Append("<h1>Medlemmar i ").Append(Html.Encode(unit.Name)).Append("</h1><form method=\"get\">");
        sb.Append("<input name=\"q\" type=\"search\" value=\"").Append(Html.Encode(filter.Search ?? "")).Append("\"><select name=\"tagg\"><option value=\"\">Alla</option>");
        foreach (var tag in choices.Tags) sb.Append("<option>").Append(Html.Encode(tag)).Append("</option>");
        sb.Append("</select><select name=\"uppdrag\"><option value=\"\">Alla</option>");
        foreach (var t in choices.AssignmentTypes) sb.Append("<option value=\"").Append(t.Id).Append("\">").Append(Html.Encode(t.Name)).Append("</option>");
        sb.Append("</select><button>Sök</button></form>");
        sb.Append("<p class=\"result-count\"><strong>").Append(SwedishFormat.Number(result.Total)).Append(" personer</strong> sida ")
          .Append(result.Page).Append(" av ").Append(SwedishFormat.Number(result.PageCount)).Append("</p>");
        sb.Append("<table class=\"member-table\"><thead><tr><th>Namn</th><th>Förening</th><th>Medlem sedan</th><th>Avgift</th><th>Telefon</th><th>E-post</th></tr></thead><tbody>");
        foreach (var m in result.Rows)
        {
            sb.Append("<tr><th scope=\"row\"><a href=\"/personer/").Append(m.PersonId).Append("\">").Append(Html.Encode(m.LastName)).Append(", ").Append(Html.Encode(m.FirstName)).Append("</a></th>");
            sb.Append("<td>").Append(Html.Encode(directory.Units.TryGetValue(m.UnitId, out var u) ? u.Name : "")).Append("</td>");
            sb.Append("<td>").Append(SwedishFormat.Date(m.StartedOn)).Append("</td><td>");
            sb.Append(m.FeePaidThrough is { } paid ? (paid >= today ? "betald t.o.m. " : "obetald sedan ") + SwedishFormat.Date(paid) : "okänd").Append("</td><td>");
            if (m.Phone is { } phone) sb.Append("<a href=\"").Append(Html.Encode(Contact.TelHref(phone))).Append("\">").Append(Html.Encode(Contact.Phone(phone))).Append("</a>");
            sb.Append("</td><td>");
            if (m.Email is { } email) sb.Append("<a href=\"mailto:").Append(Html.Encode(email)).Append("\">").Append(Html.Encode(email)).Append("</a>");
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody></table></main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8");
    }
}
