using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Care;

/// <summary>
/// Medlemsvård for a unit: how many wait in each of the four queues, and for a district the same per association.
/// Only counts, but the counts of one association are its board's business, so the page needs the right to see
/// people there, and each view is audit-logged like the lists it leads to.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record AssociationRow(Guid UnitId, string Name, IReadOnlyDictionary<CareQueue, int> Counts)
    {
        public int Total => Counts.Values.Sum();
    }

    public CareUnit Care { get; private set; } = null!;
    public IReadOnlyDictionary<CareQueue, int> Totals { get; private set; } = new Dictionary<CareQueue, int>();
    /// <summary>For a district: one row per association, then the members not yet placed in one (if any wait).</summary>
    public IReadOnlyList<AssociationRow> Rows { get; private set; } = [];
    public bool CanChangeRules { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (await CareUnit.LoadAsync(db, unitId, ct) is not { } care) return NotFound();
        Care = care;
        var today = SwedishFormat.Today(clock);
        var counts = await CareQueues.CountsAsync(db, care.Scope, care.Rules, today, ct);
        Totals = CareQueues.All.ToDictionary(q => q, q => counts.Where(c => c.Key.Queue == q).Sum(c => c.Value));
        if (care.IsDistrict)
        {
            IReadOnlyDictionary<CareQueue, int> CountsOf(Guid id) => CareQueues.All.ToDictionary(q => q, q => counts.GetValueOrDefault((id, q)));
            var rows = care.Directory.Subtree(unitId).Where(u => u.Kind == UnitKind.Association)
                .OrderBy(u => u.Name, SwedishCollation.Comparer)
                .Select(u => new AssociationRow(u.Id, u.Name, CountsOf(u.Id))).ToList();
            var unplaced = new AssociationRow(unitId, care.AssociationOf(unitId), CountsOf(unitId));
            if (unplaced.Total > 0) rows.Add(unplaced);
            Rows = rows;
        }
        var access = await accessResolver.GetAsync(ct);
        CanChangeRules = access.Can(Permission.ManagePeople, care.DistrictId);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Medlemsvård", unitId.ToString(),
            $"Visade medlemsvårdens köer för {care.Unit.Name}: {string.Join(", ", CareQueues.All.Select(q => $"{CareSteps.ShortLabel(q).ToLowerInvariant()} {Totals[q]}"))}", ct);
        return Page();
    }
}
