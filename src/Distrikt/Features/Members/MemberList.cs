using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Distrikt.Features.Members;

/// <summary>One person in the member list, with the membership that put them there.</summary>
public sealed record MemberRow(
    Guid PersonId, string FirstName, string LastName, string? Email, string? Phone, string? MemberNumber,
    Guid UnitId, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough);

public sealed record MemberPage(IReadOnlyList<MemberRow> Rows, int Total, int Page, int PageCount);

/// <summary>One person as exported: the list's columns plus the postal address and tags.</summary>
public sealed record MemberExportRow(MemberRow Member, string? StreetAddress, string? PostalCode, string? City, string? MunicipalityCode, IReadOnlyList<string> Tags);

/// <summary>
/// The member list's query, shared by the page, its exports and the benchmark's bare endpoint. Everything —
/// filtering, the Swedish sort on the collated name columns (decision 0003), paging and counting — happens in
/// the database, so a page of a district with 100,000 members reads 50 rows, not 100,000.
/// </summary>
public static class MemberList
{
    public const int PageSize = 50;

    /// <summary>
    /// How long a former member stays on the list (and visible to the association's board). The board needs them
    /// for win-back calls in the year after they left; after that, seeing them is no longer needed for the
    /// purpose they were members for (GDPR art. 5.1 b, c).
    /// </summary>
    public const int FormerMemberDays = 365;

    /// <summary>The units whose memberships a list of <paramref name="unitId"/> covers: the unit and every unit below it.</summary>
    public static List<Guid> Scope(UnitDirectorySnapshot directory, Guid unitId) =>
        directory.Subtree(unitId).Select(u => u.Id).ToList();

    /// <summary>Memberships within the scope that satisfy the membership filters (status, unit, joined, fee).</summary>
    public static IQueryable<Membership> Memberships(DistriktDb db, IReadOnlyCollection<Guid> scope, MemberFilter filter, DateOnly today)
    {
        var query = db.Set<Membership>().AsNoTracking().Where(m => scope.Contains(m.UnitId));
        if (filter.UnitId is { } unitId) query = query.Where(m => m.UnitId == unitId);
        var since = today.AddDays(-FormerMemberDays);
        query = filter.Status switch
        {
            MemberStatus.Former => query.Where(m => m.EndedOn != null && m.EndedOn < today && m.EndedOn >= since),
            MemberStatus.All => query.Where(m => m.EndedOn == null || m.EndedOn >= since),
            _ => query.Where(MembershipQueries.CurrentOn(today)),
        };
        if (filter.JoinedWithinDays is { } days)
        {
            var joinedFrom = today.AddDays(-days);
            query = query.Where(m => m.StartedOn >= joinedFrom && m.StartedOn <= today);
        }
        query = filter.Fee switch
        {
            FeeStatus.Paid => query.Where(m => m.FeePaidThrough != null && m.FeePaidThrough >= today),
            FeeStatus.Unpaid => query.Where(m => m.FeePaidThrough != null && m.FeePaidThrough < today),
            FeeStatus.Unknown => query.Where(m => m.FeePaidThrough == null),
            _ => query,
        };
        return query;
    }

    /// <summary>The people the filter selects, each once however many of their memberships match.</summary>
    public static IQueryable<Person> People(DistriktDb db, IReadOnlyCollection<Guid> scope, MemberFilter filter, DateOnly today)
    {
        var memberships = Memberships(db, scope, filter, today);
        var people = db.Set<Person>().AsNoTracking().Where(p => memberships.Any(m => m.PersonId == p.Id));
        if (filter.Status == MemberStatus.Former)
        {
            // Someone who moved from one association to another is a current member of the district, not a former one.
            var current = db.Set<Membership>().Where(m => scope.Contains(m.UnitId)).Where(MembershipQueries.CurrentOn(today));
            people = people.Where(p => !current.Any(m => m.PersonId == p.Id));
        }
        foreach (var alternatives in MemberSearch.Terms(filter.Search))
        {
            people = db.Provider == DatabaseProvider.Postgres ? people.Where(MemberSearch.MatchesOnPostgres(alternatives)) : people.Where(MemberSearch.Matches(alternatives));
        }
        if (filter.Tag is { } tag)
        {
            people = people.Where(p => p.Tags.Any(t => t.Name == tag));
        }
        if (filter.AssignmentTypeId is { } typeId)
        {
            people = people.Where(p => db.Set<Assignment>().Any(a => a.PersonId == p.Id && a.AssignmentTypeId == typeId
                && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)));
        }
        return people;
    }

    /// <summary>Last name, then first name, in Swedish order (the columns' collation); the id keeps namesakes in a stable order across pages.</summary>
    public static IOrderedQueryable<Person> Sorted(IQueryable<Person> people) =>
        people.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id);

    /// <summary>One page of the list and the number of people on all pages. A page past the end shows the last one.</summary>
    public static async Task<MemberPage> PageAsync(DistriktDb db, IReadOnlyCollection<Guid> scope, MemberFilter filter, DateOnly today, int page, CancellationToken ct)
    {
        var people = People(db, scope, filter, today);
        var memberships = Memberships(db, scope, filter, today);
        // The matching memberships come in the same statement as the page: one round trip, and no person whose
        // membership changed between two reads.
        Task<List<Listed>> ReadPage(int number) => Sorted(people)
            .Skip((number - 1) * PageSize).Take(PageSize)
            .Select(p => new Listed(p.Id, p.FirstName, p.LastName, p.Email, p.Phone, p.MemberNumber,
                memberships.Where(m => m.PersonId == p.Id).Select(m => new Shown(m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough)).ToList()))
            .ToListAsync(ct);
        page = Math.Max(1, page);
        var found = await ReadPage(page);
        // A page that is not full is the last one, so the total follows from it: a search for someone by name
        // (the usual case) costs no count. Counting a whole district is the dearest statement of the list.
        int total;
        if (found.Count is > 0 and < PageSize || (found.Count == 0 && page == 1))
        {
            total = (page - 1) * PageSize + found.Count;
        }
        else
        {
            total = await CountAsync(db, people, scope, filter, today, ct);
            var last = Math.Max(1, (total + PageSize - 1) / PageSize);
            if (page > last)
            {
                // Past the end (an old link, or people left since): the last page instead of an empty one.
                page = last;
                found = await ReadPage(page);
            }
        }
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var rows = found.Where(p => p.Matches.Count > 0)
            .Select(p => Row(p.Id, p.FirstName, p.LastName, p.Email, p.Phone, p.MemberNumber, Shown.Best(p.Matches))).ToList();
        return new MemberPage(rows, total, page, pageCount);
    }

    private static readonly MemoryCache Counts = new(new MemoryCacheOptions());
    private const int CachedCountFrom = 5000;
    private static readonly TimeSpan CountLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The number of people on all pages. Counting a district's 93,000 current members costs PostgreSQL 50–120 ms,
    /// and the unsearched list is what a board opens first; so a count of at least <see cref="CachedCountFrom"/>
    /// is kept for a minute (decision 0009 does the same for the start page). A few members more or less in
    /// thousands change nothing a volunteer does with the figure. Counts of searches are never kept: the key
    /// would hold what was searched for.
    /// </summary>
    private static async Task<int> CountAsync(DistriktDb db, IQueryable<Person> people, IReadOnlyCollection<Guid> scope, MemberFilter filter, DateOnly today, CancellationToken ct)
    {
        var key = filter.Search is null ? $"{db.Database.GetConnectionString()}|{today:yyyy-MM-dd}|{string.Join(',', scope.Order())}|{filter with { Search = null }}" : null;
        if (key is not null && Counts.TryGetValue(key, out int cached)) return cached;
        var total = await people.CountAsync(ct);
        if (key is not null && total >= CachedCountFrom) Counts.Set(key, total, CountLifetime);
        return total;
    }

    /// <summary>Every person the filter selects, in list order, with address and tags: what an export holds.</summary>
    public static async Task<List<MemberExportRow>> AllAsync(DistriktDb db, IReadOnlyCollection<Guid> scope, MemberFilter filter, DateOnly today, CancellationToken ct)
    {
        var people = People(db, scope, filter, today);
        var found = await Sorted(people)
            .Select(p => new { p.Id, p.FirstName, p.LastName, p.Email, p.Phone, p.MemberNumber, p.StreetAddress, p.PostalCode, p.City, p.MunicipalityCode })
            .ToListAsync(ct);
        var shown = (await Memberships(db, scope, filter, today).Where(m => people.Any(p => p.Id == m.PersonId))
                .Select(m => new { m.PersonId, Shown = new Shown(m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough) }).ToListAsync(ct))
            .GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => Shown.Best(g.Select(m => m.Shown)));
        var tags = (await db.Set<PersonTag>().AsNoTracking().Where(t => people.Any(p => p.Id == t.PersonId))
                .Select(t => new { t.PersonId, t.Name }).ToListAsync(ct))
            .ToLookup(t => t.PersonId, t => t.Name);
        return found.Where(p => shown.ContainsKey(p.Id)).Select(p => new MemberExportRow(
                Row(p.Id, p.FirstName, p.LastName, p.Email, p.Phone, p.MemberNumber, shown[p.Id]),
                p.StreetAddress, p.PostalCode, p.City, p.MunicipalityCode,
                tags[p.Id].Order(SwedishCollation.Comparer).ToList()))
            .ToList();
    }

    private sealed record Listed(Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? MemberNumber, List<Shown> Matches);

    private sealed record Shown(Guid UnitId, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough)
    {
        /// <summary>The one matching membership the list shows: a running one before an ended one, then the most recent.</summary>
        public static Shown Best(IEnumerable<Shown> matches) => matches
            .OrderBy(m => m.EndedOn is null ? 0 : 1).ThenByDescending(m => m.EndedOn).ThenByDescending(m => m.StartedOn).First();
    }

    private static MemberRow Row(Guid id, string first, string last, string? email, string? phone, string? number, Shown m) =>
        new(id, first, last, email, phone, number, m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough);
}
