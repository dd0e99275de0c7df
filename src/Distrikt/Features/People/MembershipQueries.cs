using System.Linq.Expressions;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.People;

public static class MembershipQueries
{
    /// <summary>A membership counts on a day from its start through its end date (a member leaving today is still a member today).</summary>
    public static Expression<Func<Membership, bool>> CurrentOn(DateOnly day) =>
        m => m.StartedOn <= day && (m.EndedOn == null || m.EndedOn >= day);

    /// <summary>Current members per unit, counted in the database; <paramref name="unitIds"/> null means every unit.</summary>
    public static Task<Dictionary<Guid, int>> CurrentCountsByUnitAsync(DistriktDb db, IReadOnlyCollection<Guid>? unitIds, DateOnly day, CancellationToken ct) =>
        CountByUnitAsync(db.Set<Membership>().AsNoTracking().Where(CurrentOn(day)), unitIds, ct);

    /// <summary>Memberships started on or after a day, per unit.</summary>
    public static Task<Dictionary<Guid, int>> JoinedSinceByUnitAsync(DistriktDb db, IReadOnlyCollection<Guid>? unitIds, DateOnly since, CancellationToken ct) =>
        CountByUnitAsync(db.Set<Membership>().AsNoTracking().Where(m => m.StartedOn >= since), unitIds, ct);

    private static Task<Dictionary<Guid, int>> CountByUnitAsync(IQueryable<Membership> query, IReadOnlyCollection<Guid>? unitIds, CancellationToken ct)
    {
        if (unitIds is not null) query = query.Where(m => unitIds.Contains(m.UnitId));
        return query.GroupBy(m => m.UnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
