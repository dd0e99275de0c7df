using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>The gatherings a person may see, coming ones first, with their own registration on each; organisers start new ones here.</summary>
[Authorize]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, TimeProvider clock) : PageModel
{
    public sealed record Row(Gathering Gathering, string UnitName, RegistrationStatus? Mine, int SeatsTaken, bool CanManage);

    public IReadOnlyList<Row> Coming { get; private set; } = [];
    public IReadOnlyList<Row> Past { get; private set; } = [];
    /// <summary>Units where the person may arrange gatherings.</summary>
    public IReadOnlyList<UnitInfo> CanArrangeIn { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var now = clock.GetUtcNow();
        var rules = await GatheringAccess.ForAsync(db, access, SwedishFormat.Today(clock), ct);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var since = now.AddDays(-60);
        // Gatherings are few (tens a year per unit): read those not long past and let the one visibility rule decide.
        var gatherings = await db.Set<Gathering>().AsNoTracking().Include(g => g.Sessions).Include(g => g.InvitedTypes).AsSplitQuery()
            .Where(g => g.Sessions.Any(s => s.EndsAt >= since)).ToListAsync(ct);
        var visible = gatherings.Where(rules.CanSee).ToList();
        var ids = visible.Select(g => g.Id).ToList();
        var mine = access.PersonId is { } personId
            ? await db.Set<Registration>().AsNoTracking().Where(r => r.PersonId == personId && ids.Contains(r.GatheringId) && r.Status != RegistrationStatus.Cancelled)
                .ToDictionaryAsync(r => r.GatheringId, r => r.Status, ct)
            : [];
        var taken = await db.Set<Registration>().AsNoTracking()
            .Where(r => ids.Contains(r.GatheringId) && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Offered))
            .GroupBy(r => r.GatheringId).Select(x => new { x.Key, Count = x.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var rows = visible.Select(g => new Row(g, directory.Units.TryGetValue(g.UnitId, out var u) ? u.Name : "",
                mine.TryGetValue(g.Id, out var s) ? s : null, taken.GetValueOrDefault(g.Id), rules.CanManage(g)))
            .OrderBy(r => r.Gathering.Sessions.Min(x => x.StartsAt)).ToList();
        Coming = rows.Where(r => r.Gathering.Sessions.Max(x => x.EndsAt) >= now).ToList();
        Past = rows.Where(r => r.Gathering.Sessions.Max(x => x.EndsAt) < now).Reverse().ToList();
        CanArrangeIn = access.UnitsReachedBy(Permission.ManageGatherings).Where(id => access.Can(Permission.ManageGatherings, id))
            .Select(id => directory.Units.GetValueOrDefault(id)).OfType<UnitInfo>().Where(u => u.Kind != UnitKind.Federation)
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, SwedishCollation.Comparer).ToList();
    }
}
