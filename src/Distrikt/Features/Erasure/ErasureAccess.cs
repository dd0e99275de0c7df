using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>
/// Who may erase whom. Erasure cannot be undone, so it is the district's decision, not an association board's:
/// it needs the right to change people held in a district unit, and reaches the people of that district — anyone
/// who has ever been a member, held an assignment or been a recruitment contact there (a former member who left
/// years ago must still be erasable on request, unlike the twelve months the member list shows) — unless they are
/// a member, office holder or open contact in another district now.
/// </summary>
public static class ErasureAccess
{
    /// <summary>
    /// The districts where the signed-in person may erase people: the right held in the district itself or above it,
    /// never only in an association; strong sign-in required, as for any change of people.
    /// </summary>
    public static IReadOnlyList<Guid> Districts(Access access, UnitDirectorySnapshot directory) =>
        directory.Units.Values.Where(u => u.Kind == UnitKind.District && access.Can(Permission.ManagePeople, u.Id)).Select(u => u.Id).ToList();

    /// <summary>Whether to offer the erase link at all; the erase page itself checks the person.</summary>
    public static bool MayEraseAnyone(Access access) =>
        access.StrongEnoughFor(Permission.ManagePeople)
        && access.Assignments.Any(a => a.UnitKind != UnitKind.Association && (a.Permissions & Permission.ManagePeople) != 0);

    public static async Task<bool> ReachesAsync(DistriktDb db, Access access, Guid personId, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var districts = Districts(access, directory);
        if (districts.Count == 0) return false;
        var reach = districts.SelectMany(d => directory.Subtree(d)).Select(u => u.Id).Distinct().ToList();
        var today = Infrastructure.Web.SwedishFormat.Today(TimeProvider.System);
        // Erasing removes the person everywhere, so whoever is a member, office holder or open contact somewhere
        // else right now is not this district's to erase: the other district's staff decide there.
        return await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId).AnyAsync(p =>
            (db.Set<Membership>().Any(m => m.PersonId == p.Id && reach.Contains(m.UnitId))
             || db.Set<Assignment>().Any(a => a.PersonId == p.Id && reach.Contains(a.UnitId))
             || db.Set<Prospect>().Any(x => x.PersonId == p.Id && reach.Contains(x.UnitId)))
            && !db.Set<Membership>().Any(m => m.PersonId == p.Id && !reach.Contains(m.UnitId) && (m.EndedOn == null || m.EndedOn >= today))
            && !db.Set<Assignment>().Any(a => a.PersonId == p.Id && !reach.Contains(a.UnitId) && (a.EndsOn == null || a.EndsOn >= today))
            && !db.Set<Prospect>().Any(x => x.PersonId == p.Id && !reach.Contains(x.UnitId) && x.JoinedOn == null && x.ErasedOn == null), ct);
    }
}
