using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Growth;

/// <summary>One month of a unit's membership: members at the month's end, and who joined and left during it.</summary>
public sealed record GrowthMonth(DateOnly MonthEnd, int Members, int Joined, int Left);

/// <summary>Of those who joined in a twelve-month window, how many were still members a year after joining.</summary>
public sealed record Retention(int Joined, int StillMembers)
{
    public double? Share => Joined == 0 ? null : (double)StillMembers / Joined;
}

public sealed record GrowthReport(IReadOnlyList<GrowthMonth> Months, Retention Retention);

/// <summary>
/// Members over time, computed from the memberships themselves (each has its start and end, kept by every
/// register import), so history is there from the first import on. Counts only; nobody is named.
/// </summary>
public static class MemberGrowth
{
    public const int DefaultMonths = 24;

    public static async Task<GrowthReport> ForAsync(DistriktDb db, Guid unitId, DateOnly today, int months, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var units = directory.Subtree(unitId).Select(u => u.Id).ToList();
        var spans = await db.Set<Membership>().AsNoTracking()
            .Where(m => units.Contains(m.UnitId))
            .Select(m => new { m.PersonId, m.StartedOn, m.EndedOn })
            .ToListAsync(ct);
        // A person who moves between associations of the unit has two memberships but is one member throughout:
        // joins and leaves count people entering or leaving the whole unit.
        var people = spans.GroupBy(s => s.PersonId)
            .Select(g => g.OrderBy(s => s.StartedOn).Select(s => (s.StartedOn, s.EndedOn)).ToList())
            .ToList();
        return Compute(people, today, months);
    }

    /// <param name="people">Each person's memberships in the unit, in order of start.</param>
    public static GrowthReport Compute(IReadOnlyList<List<(DateOnly StartedOn, DateOnly? EndedOn)>> people, DateOnly today, int months)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var firsts = new DateOnly[months];
        var lasts = new DateOnly[months];
        for (var k = 0; k < months; k++)
        {
            firsts[k] = thisMonth.AddMonths(k - months + 1);
            lasts[k] = k == months - 1 ? today : firsts[k].AddMonths(1).AddDays(-1);
        }
        int MonthOf(DateOnly d)
        {
            if (d < firsts[0] || d > lasts[^1]) return -1;
            return (d.Year - firsts[0].Year) * 12 + d.Month - firsts[0].Month;
        }

        var members = new int[months];
        var joined = new int[months];
        var left = new int[months];
        foreach (var spans in people)
        {
            // Back-to-back or overlapping memberships (a move between associations) are one continuous period.
            foreach (var (start, end) in Periods(spans))
            {
                if (MonthOf(start) is var j and >= 0) joined[j]++;
                if (end is { } e && e < today && MonthOf(e) is var l and >= 0) left[l]++;
                for (var k = 0; k < months; k++)
                    if (start <= lasts[k] && (end is null || end >= lasts[k])) members[k]++;
            }
        }
        var result = Enumerable.Range(0, months).Select(k => new GrowthMonth(lasts[k], members[k], joined[k], left[k])).ToList();

        // Retention: people whose first membership started 12–24 months ago, still members twelve months later.
        var windowStart = today.AddMonths(-24);
        var windowEnd = today.AddMonths(-12);
        var cohort = people.Where(p => p[0].StartedOn > windowStart && p[0].StartedOn <= windowEnd).ToList();
        var stayed = cohort.Count(p => CoveredOn(p, p[0].StartedOn.AddMonths(12)));
        return new GrowthReport(result, new Retention(cohort.Count, stayed));
    }

    private static IEnumerable<(DateOnly Start, DateOnly? End)> Periods(List<(DateOnly StartedOn, DateOnly? EndedOn)> spans)
    {
        DateOnly start = spans[0].StartedOn;
        DateOnly? end = spans[0].EndedOn;
        for (var i = 1; i < spans.Count; i++)
        {
            var (s, e) = spans[i];
            if (end is null || s <= end.Value.AddDays(1))
            {
                if (end is not null && (e is null || e > end)) end = e;
                continue;
            }
            yield return (start, end);
            (start, end) = (s, e);
        }
        yield return (start, end);
    }

    private static bool CoveredOn(List<(DateOnly StartedOn, DateOnly? EndedOn)> spans, DateOnly day) =>
        spans.Any(s => s.StartedOn <= day && (s.EndedOn is null || s.EndedOn >= day));
}
