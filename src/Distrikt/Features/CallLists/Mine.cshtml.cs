using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// The open lists the signed-in person calls on, with what is left of their own share. Any signed-in person may
/// open it; it shows only lists they were added to, names and counts, no one's personal data.
/// </summary>
[Authorize]
public sealed class MineModel(DistriktDb db, AccessResolver accessResolver) : PageModel
{
    public sealed record Row(Guid Id, string Name, string UnitName, string Purpose, CallProgress Mine, CallProgress All);

    public IReadOnlyList<Row> Lists { get; private set; } = [];
    public bool IsStrong { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        IsStrong = access.IsStrong;
        if (access.PersonId is not { } me) return;
        var directory = await UnitDirectory.GetAsync(db, ct);
        var lists = await db.Set<CallList>().AsNoTracking()
            .Where(l => l.ClosedAt == null && l.Callers.Any(c => c.PersonId == me))
            .Select(l => new { l.Id, l.Name, l.UnitId, l.Purpose, l.CreatedAt }).ToListAsync(ct);
        // A caller whose assignment has ended no longer calls, even before the owner takes them off the list.
        lists = lists.Where(l => access.HoldsAssignmentWithin(CallListRules.DistrictOf(directory, l.UnitId))).ToList();
        var ids = lists.Select(l => l.Id).ToList();
        var entries = db.Set<CallListEntry>().Where(e => ids.Contains(e.CallListId));
        var all = await CallListRules.ProgressByListAsync(entries, ct);
        var mine = await CallListRules.ProgressByListAsync(entries.Where(e => e.CallerId == me), ct);
        Lists = lists.OrderByDescending(l => l.CreatedAt)
            .Select(l => new Row(l.Id, l.Name, directory.Units.TryGetValue(l.UnitId, out var u) ? u.Name : "", l.Purpose,
                mine.GetValueOrDefault(l.Id, new CallProgress(0, 0, 0)), all.GetValueOrDefault(l.Id, new CallProgress(0, 0, 0))))
            .ToList();
    }
}
