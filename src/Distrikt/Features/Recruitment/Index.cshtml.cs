using Distrikt.Features.Care;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Recruitment;

/// <summary>
/// The "to recruit" queue of a unit: contacts who consented to be called and have not joined yet, newest first,
/// with what came of earlier contacts (how many joined, how many ran out of time). Seeing it needs the right to
/// see people in the unit; moving a contact to another association or erasing it needs the right to change them.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    public sealed record SourceCount(ProspectSource Source, int Joined, int Open);
    public sealed record UnitChoice(Guid Id, string Name);

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public bool IsDistrict { get; private set; }
    public List<ProspectRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int JoinedLastYear { get; private set; }
    public int ErasedLastYear { get; private set; }
    public List<SourceCount> BySource { get; private set; } = [];
    public int RetentionDays { get; private set; }
    public bool CanManage { get; private set; }
    public List<UnitChoice> Associations { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? Message { get; private set; }
    public UnitDirectorySnapshot Directory { get; private set; } = null!;

    private List<Guid> _scope = [];

    public async Task<IActionResult> OnGetAsync(Guid unitId, int sida = 1, string? klart = null)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var open = Prospects.Open(db, _scope);
        Total = await open.CountAsync(ct);
        PageNumber = Math.Clamp(sida, 1, Pages);
        Rows = await open.OrderByDescending(p => p.ConsentGivenOn).ThenBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.ProspectId)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var yearAgo = Today.AddYears(-1);
        var history = await db.Set<Prospect>().AsNoTracking().Where(p => _scope.Contains(p.UnitId))
            .GroupBy(p => p.Source)
            .Select(g => new
            {
                Source = g.Key,
                Joined = g.Count(p => p.JoinedOn != null && p.JoinedOn >= yearAgo),
                Erased = g.Count(p => p.ErasedOn != null && p.ErasedOn >= yearAgo),
                Open = g.Count(p => p.JoinedOn == null && p.ErasedOn == null && p.PersonId != null),
            })
            .ToListAsync(ct);
        JoinedLastYear = history.Sum(h => h.Joined);
        ErasedLastYear = history.Sum(h => h.Erased);
        BySource = history.Where(h => h.Joined + h.Open > 0).OrderBy(h => h.Source).Select(h => new SourceCount(h.Source, h.Joined, h.Open)).ToList();
        Message = klart switch { "flyttad" => "Kontakten är flyttad.", "raderad" => "Kontakten är raderad.", _ => null };
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Rekryteringskö", UnitId.ToString(),
            $"Visade rekryteringskön för {UnitName}: {Rows.Count} av {Total} kontakter, sida {PageNumber}", ct);
        return Page();
    }

    /// <summary>Moves a contact to another association's queue (it was placed by a postal code that says little, or moved).</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid unitId, Guid prospectId, Guid toUnitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        if (!CanManage) return Forbid();
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        // Both ends must be within reach: the contact's queue now, and the association it goes to.
        if (!Directory.Units.TryGetValue(toUnitId, out var target) || !access.Can(Permission.ManagePeople, toUnitId)
            || Directory.DistrictOf(toUnitId) != Directory.DistrictOf(unitId)) return NotFound();
        var moved = await db.Set<Prospect>().Where(p => p.Id == prospectId && _scope.Contains(p.UnitId) && p.JoinedOn == null && p.ErasedOn == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.UnitId, toUnitId), ct);
        if (moved == 0) return NotFound();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Rekryteringskontakt", prospectId.ToString(),
            $"Flyttade en kontakt till rekryteringskön för {target.Name}", ct);
        return Redirect($"/enheter/{unitId}/rekrytering?klart=flyttad");
    }

    /// <summary>Erases a contact at their request, or because they said no: nothing but the counts remains.</summary>
    public async Task<IActionResult> OnPostEraseAsync(Guid unitId, Guid prospectId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        if (!CanManage) return Forbid();
        var ct = HttpContext.RequestAborted;
        var inScope = await db.Set<Prospect>().AnyAsync(p => p.Id == prospectId && _scope.Contains(p.UnitId) && p.JoinedOn == null && p.ErasedOn == null, ct);
        if (!inScope) return NotFound();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await Erasure.PersonErasure.EraseProspectsAsync(db, [prospectId], Today, clock.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Delete, "Rekryteringskontakt", prospectId.ToString(),
            $"Raderade en kontakt ur rekryteringskön för {UnitName}", ct);
        return Redirect($"/enheter/{unitId}/rekrytering?klart=raderad");
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        Directory = await UnitDirectory.GetAsync(db, ct);
        if (!Directory.Units.TryGetValue(unitId, out var unit) || Directory.DistrictOf(unitId) is not { } districtId) return false;
        UnitId = unitId;
        UnitName = unit.Name;
        IsDistrict = unit.Kind == UnitKind.District;
        Today = SwedishFormat.Today(clock);
        _scope = Directory.Subtree(unitId).Select(u => u.Id).ToList();
        var access = await accessResolver.GetAsync(ct);
        CanManage = access.Can(Permission.ManagePeople, unitId);
        RetentionDays = (await CareQueues.SettingsAsync(db, districtId, ct)).ProspectRetentionDays;
        if (CanManage)
        {
            Associations = Directory.Subtree(districtId).Where(u => u.Kind == UnitKind.Association && access.Can(Permission.ManagePeople, u.Id))
                .OrderBy(u => u.Name, SwedishCollation.Comparer).Select(u => new UnitChoice(u.Id, u.Name)).ToList();
        }
        return true;
    }

    public string UnitNameOf(Guid id) => Directory.Units.TryGetValue(id, out var u) ? u.Name : "";
}
