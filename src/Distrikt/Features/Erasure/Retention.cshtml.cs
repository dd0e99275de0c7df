using Distrikt.Features.Care;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>
/// The district's retention rule (gallring): the rule in words, what it would erase today, its past runs, and a
/// button to run it now. Only counts are shown, never who. Running it is the district's call, so the page needs
/// the right to change people in the district itself.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class RetentionModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int HistoryLength = 30;

    public Guid UnitId { get; private set; }
    public string DistrictName { get; private set; } = "";
    public MemberCareSettings Settings { get; private set; } = MemberCareSettings.DefaultsFor(Guid.Empty);
    public RetentionCounts Due { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<RetentionRun> Runs { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        var run = await RetentionRule.RunAsync(db, audit, await HttpContext.AuditActorAsync(accessResolver), unitId, SwedishFormat.Today(clock), clock.GetUtcNow(),
            access.PersonName ?? "okänd", ct);
        TempData["Message"] = run.Erased + run.Minimised + run.ProspectsErased == 0
            ? "Gallringen är körd. Inget behövde raderas."
            : $"Gallringen är körd: {run.Erased} tidigare medlemmar raderade, {run.Minimised} minimerade och {run.ProspectsErased} rekryteringskontakter raderade.";
        return Redirect($"/enheter/{unitId}/gallring");
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return false;
        UnitId = unitId;
        DistrictName = unit.Name;
        Today = SwedishFormat.Today(clock);
        Settings = await CareQueues.SettingsAsync(db, unitId, ct);
        Due = await RetentionRule.PreviewAsync(db, unitId, Today, ct);
        Runs = await db.Set<RetentionRun>().AsNoTracking().Where(r => r.DistrictId == unitId)
            .OrderByDescending(r => r.RanAt).Take(HistoryLength).ToListAsync(ct);
        return true;
    }
}
