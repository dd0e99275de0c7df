using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.RegisterImport;

/// <summary>
/// Members the import could not place: their municipality is covered by no association, or unknown. Their
/// membership sits on the district itself until staff choose an association; a later import keeps that choice
/// unless the register moves them to another municipality.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class PlacementModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    public sealed record Waiting(Guid MembershipId, Guid PersonId, string Name, string? PostalCode, string? City, string? Municipality, DateOnly StartedOn);

    public Guid UnitId { get; private set; }
    public string DistrictName { get; private set; } = "";
    public IReadOnlyList<Waiting> Members { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<UnitInfo> Associations { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var today = SwedishFormat.Today(clock);
        var query = db.Set<Membership>().AsNoTracking().Where(MembershipQueries.CurrentOn(today)).Where(m => m.UnitId == unitId);
        Total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(m => m.Person!.LastName).ThenBy(m => m.Person!.FirstName)
            .Take(PageSize)
            .Select(m => new { m.Id, m.PersonId, m.Person!.FirstName, m.Person.LastName, m.Person.PostalCode, m.Person.City, m.Person.MunicipalityCode, m.StartedOn })
            .ToListAsync(ct);
        Members = rows.Select(r => new Waiting(r.Id, r.PersonId, $"{r.FirstName} {r.LastName}", r.PostalCode, r.City,
            SwedishGeography.FindMunicipality(r.MunicipalityCode)?.Name, r.StartedOn)).ToList();
        if (Members.Count > 0)
        {
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Medlemslista", unitId.ToString(),
                $"Kön Att placera visad: {Members.Count} av {Total} medlemmar", ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId, Guid membershipId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId)) return NotFound();
        if (Associations.All(a => a.Id != associationId)) return BadRequest();
        var membership = await db.Set<Membership>().FirstOrDefaultAsync(m => m.Id == membershipId && m.UnitId == unitId, ct);
        if (membership is null)
        {
            Done = "Medlemmen var redan placerad.";
            return RedirectToPage(new { unitId });
        }
        // A correction, not a move: the member belonged to that association from the start.
        membership.UnitId = associationId;
        await db.SaveChangesAsync(ct);
        var association = Associations.First(a => a.Id == associationId).Name;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Medlemskap", membership.Id.ToString(),
            $"Medlem placerad i {association}", ct);
        Done = $"Placerad i {association}.";
        return RedirectToPage(new { unitId });
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var directory = await UnitDirectory.GetAsync(db, HttpContext.RequestAborted);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return false;
        UnitId = unitId;
        DistrictName = unit.Name;
        Associations = directory.Subtree(unitId).Where(u => u.Kind == UnitKind.Association).OrderBy(u => u.Name, SwedishCollation.Comparer).ToList();
        return true;
    }
}
