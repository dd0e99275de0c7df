using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Members;

/// <summary>
/// Whether a permission over people reaches one particular person. A person belongs to the units where they
/// are a member or hold an assignment — now, or within the last twelve months (the same window in which a
/// former member stays on the member list). A board's right to see people covers exactly those people, so a
/// chair who changes the id in the address to a member of another association is refused. A recruitment contact
/// belongs to the unit whose "to recruit" queue they are in.
/// </summary>
public static class PersonAccess
{
    public static async Task<bool> ReachesAsync(DistriktDb db, Access access, Guid personId, Permission permission, DateOnly today, CancellationToken ct)
    {
        if (!access.CanAnywhere(permission)) return false;
        var reach = access.UnitsReachedBy(permission).ToList();
        if (reach.Count == 0) return false;
        var since = today.AddDays(-MemberList.FormerMemberDays);
        return await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId).AnyAsync(p =>
            db.Set<Membership>().Any(m => m.PersonId == p.Id && reach.Contains(m.UnitId) && (m.EndedOn == null || m.EndedOn >= since))
            || db.Set<Assignment>().Any(a => a.PersonId == p.Id && reach.Contains(a.UnitId) && (a.EndsOn == null || a.EndsOn >= since))
            || db.Set<Recruitment.Prospect>().Any(x => x.PersonId == p.Id && reach.Contains(x.UnitId) && x.JoinedOn == null && x.ErasedOn == null), ct);
    }
}
