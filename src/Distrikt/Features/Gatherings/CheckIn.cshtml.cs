using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Check-in at the door on a phone: find the person by name, or open the page from the QR code on their confirmation
/// (its code picks them out), and tap. Organisers only; taps are audit-logged without names.
/// </summary>
[Authorize]
public sealed class CheckInModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid RegistrationId, string Name, DateTimeOffset? CheckedInAt, int Children);

    public Gathering Gathering { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Search { get; private set; }
    public int Total { get; private set; }
    public int CheckedIn { get; private set; }
    /// <summary>The person the scanned code names, shown first.</summary>
    public Row? Scanned { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? q, string? kod)
    {
        if (await LoadAsync(id, q, kod) is { } refused) return refused;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid registrationId, bool undo, string? q)
    {
        if (await LoadAsync(id, null, null) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var changed = await db.Set<Registration>()
            .Where(r => r.Id == registrationId && r.GatheringId == id && r.Status == RegistrationStatus.Confirmed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CheckedInAt, undo ? null : clock.GetUtcNow()), ct);
        if (changed == 1)
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Anmälan", registrationId.ToString(),
                undo ? $"Ångrade en incheckning på ”{Gathering.Title}”" : $"Checkade in en deltagare på ”{Gathering.Title}”", ct);
        return Redirect($"/traffar/{id}/incheckning{(string.IsNullOrWhiteSpace(q) ? "" : "?q=" + Uri.EscapeDataString(q))}#r-{registrationId}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, string? q, string? code)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (GatheringAccess.ManageRefusal(access, g.UnitId, Request) is { } refusal) return refusal;
        Gathering = g;
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var all = await db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id && r.Status == RegistrationStatus.Confirmed)
            .Select(r => new { r.Id, r.Person!.FirstName, r.Person.LastName, r.CheckedInAt, r.CheckInCode, Children = r.Children.Count }).ToListAsync(ct);
        Total = all.Count;
        CheckedIn = all.Count(r => r.CheckedInAt is not null);
        var words = Search is null ? [] : Members.MemberSearch.Words(Search).ToList();
        Rows = all.Where(r => words.All(w => Members.MemberSearch.Words(r.FirstName + " " + r.LastName).Any(n => n.StartsWith(w, StringComparison.Ordinal))))
            .OrderBy(r => r.LastName, SwedishCollation.Comparer).ThenBy(r => r.FirstName, SwedishCollation.Comparer)
            .Select(r => new Row(r.Id, $"{r.FirstName} {r.LastName}", r.CheckedInAt, r.Children)).ToList();
        if (code is not null && all.FirstOrDefault(r => r.CheckInCode == code) is { } hit)
            Scanned = new Row(hit.Id, $"{hit.FirstName} {hit.LastName}", hit.CheckedInAt, hit.Children);
        return null;
    }
}
