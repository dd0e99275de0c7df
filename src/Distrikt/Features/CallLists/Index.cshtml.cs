using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// The call lists of a unit and the units below it, with how far each has come. Shows no one's personal data
/// (names of lists and counts only), so it is not audit-logged; opening a list is.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class IndexModel(DistriktDb db) : PageModel
{
    public sealed record Row(Guid Id, Guid UnitId, string Name, string UnitName, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, int Callers, CallProgress Progress);

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Closed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit)) return NotFound();
        UnitId = unitId;
        UnitName = unit.Name;
        var scope = directory.Subtree(unitId).Select(u => u.Id).ToList();
        var lists = await db.Set<CallList>().AsNoTracking().Where(l => scope.Contains(l.UnitId))
            .Select(l => new { l.Id, l.UnitId, l.Name, l.CreatedAt, l.ClosedAt, Callers = l.Callers.Count })
            .ToListAsync(ct);
        var ids = lists.Select(l => l.Id).ToList();
        var progress = await CallListRules.ProgressByListAsync(db.Set<CallListEntry>().Where(e => ids.Contains(e.CallListId)), ct);
        var rows = lists
            .Select(l => new Row(l.Id, l.UnitId, l.Name, directory.Units.TryGetValue(l.UnitId, out var u) ? u.Name : "", l.CreatedAt, l.ClosedAt, l.Callers,
                progress.GetValueOrDefault(l.Id, new CallProgress(0, 0, 0))))
            .OrderByDescending(r => r.CreatedAt).ToList();
        Open = rows.Where(r => r.ClosedAt is null).ToList();
        Closed = rows.Where(r => r.ClosedAt is not null).ToList();
        return Page();
    }
}
