using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Distrikt.Features.Home;

public sealed record AssociationFigures(Guid Id, string Name, int Members, int NewMembers, string? Chair, IReadOnlyList<string> VacantSeats);
public sealed record ExpiringAssignment(Guid UnitId, string UnitName, string TypeName, string PersonName, DateOnly EndsOn);
public sealed record UnitOverview(Guid Id, string Name, UnitKind Kind, int Members, int NewMembers, IReadOnlyList<AssociationFigures> Associations, IReadOnlyList<ExpiringAssignment> Expiring, bool ShowsNames);

/// <summary>
/// The figures a start page shows for a unit. Counts come from indexed aggregate queries; names (chairs,
/// expiring assignments) only when the viewer may see people there.
/// </summary>
public static class StartPage
{
    public const int NewMemberDays = 30;
    public const int ExpiringWithinDays = 60;

    /// <summary>The key board seats whose vacancy the overview points out.</summary>
    public static readonly string[] KeySeats = [StandardAssignmentTypes.Chair, StandardAssignmentTypes.Treasurer, StandardAssignmentTypes.Secretary];

    public static async Task<UnitOverview> OverviewAsync(DistriktDb db, Guid unitId, bool showNames, DateOnly today, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var unit = directory.Units.TryGetValue(unitId, out var found) ? found : throw new InvalidOperationException("Enheten finns inte.");
        var associations = directory.Subtree(unitId).Where(u => u.Kind == UnitKind.Association).ToList();
        var ids = associations.Select(a => a.Id).Append(unitId).ToList();
        var since = today.AddDays(-NewMemberDays);

        var (members, newMembers) = await MemberFiguresAsync(db, ids, today, since, ct);

        // One read for both the key seats and the assignments about to end: the current assignments in these
        // units that are either kind (each page view's statements are what its latency is made of).
        var until = today.AddDays(ExpiringWithinDays);
        var current = await db.Set<Assignment>().AsNoTracking()
            .Where(a => ids.Contains(a.UnitId) && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)
                        && ((a.AssignmentType!.Key != null && KeySeats.Contains(a.AssignmentType.Key)) || (showNames && a.EndsOn != null && a.EndsOn <= until)))
            .Select(a => new { a.UnitId, a.AssignmentType!.Key, TypeName = a.AssignmentType.Name, Person = a.Person!.FirstName + " " + a.Person.LastName, a.EndsOn })
            .ToListAsync(ct);
        var seats = current.Where(a => a.Key != null && KeySeats.Contains(a.Key)).ToList();
        var seatNames = directory.TypeNamesByKey;

        var figures = associations.Select(a => new AssociationFigures(
                a.Id, a.Name, members.GetValueOrDefault(a.Id), newMembers.GetValueOrDefault(a.Id),
                showNames ? seats.FirstOrDefault(s => s.UnitId == a.Id && s.Key == StandardAssignmentTypes.Chair)?.Person : null,
                KeySeats.Where(k => !seats.Any(s => s.UnitId == a.Id && s.Key == k)).Select(k => seatNames.GetValueOrDefault(k, k)).ToList()))
            .OrderBy(a => a.Name, SwedishCollation.Comparer)
            .ToList();

        IReadOnlyList<ExpiringAssignment> expiring = showNames
            ? current.Where(a => a.EndsOn is { } end && end <= until)
                .OrderBy(a => a.EndsOn).ThenBy(a => a.Person, SwedishCollation.Comparer)
                .Take(20)
                .Select(a => new ExpiringAssignment(a.UnitId, directory.Units[a.UnitId].Name, a.TypeName, a.Person, a.EndsOn!.Value))
                .ToList()
            : [];

        return new UnitOverview(unit.Id, unit.Name, unit.Kind, members.Values.Sum(), newMembers.Values.Sum(), figures, expiring, showNames);
    }

    private static readonly MemoryCache Figures = new(new MemoryCacheOptions());
    private static readonly TimeSpan FiguresLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Member counts per unit, kept for a minute. Counting a district's 100,000 memberships costs the database
    /// tens of milliseconds on every start page view; counts that are a minute old serve the start page as well
    /// (lists of people are never cached). The key names the database, so two databases in one process never mix.
    /// </summary>
    private static Task<(Dictionary<Guid, int> Members, Dictionary<Guid, int> New)> MemberFiguresAsync(
        DistriktDb db, List<Guid> ids, DateOnly today, DateOnly since, CancellationToken ct)
    {
        var key = $"{db.Database.GetConnectionString()}|{today:yyyy-MM-dd}|{string.Join(',', ids.Order())}";
        // One computation per key: when the figures expire, the requests arriving together share one count
        // instead of each starting its own. The shared count is not tied to any one request's cancellation.
        var shared = Figures.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = FiguresLifetime;
            return new Lazy<Task<(Dictionary<Guid, int>, Dictionary<Guid, int>)>>(async () =>
                (await MembershipQueries.CurrentCountsByUnitAsync(db, ids, today, CancellationToken.None),
                 await MembershipQueries.JoinedSinceByUnitAsync(db, ids, since, CancellationToken.None)));
        })!;
        var task = shared.Value;
        // A failed count must not be served for a minute.
        if (task.IsFaulted) Figures.Remove(key);
        // Not cut short by this request's cancellation: the count may run on this request's DbContext, which
        // must not go back to the pool while the count still uses it.
        return task;
    }

    public sealed record MyMembership(string UnitName, DateOnly StartedOn);

    public static Task<List<MyMembership>> MembershipsAsync(DistriktDb db, Guid personId, DateOnly today, CancellationToken ct) =>
        db.Set<Membership>().AsNoTracking()
            .Where(MembershipQueries.CurrentOn(today))
            .Where(m => m.PersonId == personId)
            .Select(m => new MyMembership(m.Unit!.Name, m.StartedOn))
            .ToListAsync(ct);
}
