using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Care;

/// <summary>
/// One person waiting in a care queue: the membership that put them there and the day they entered. Properties,
/// not a positional record, so that a query can still be ordered, filtered and grouped on them in the database.
/// </summary>
public sealed class CareQueueEntry
{
    public Guid PersonId { get; init; }
    public Guid UnitId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public DateOnly Since { get; init; }
    public DateOnly? FeePaidThrough { get; init; }
    public DateOnly? DoNotContactSince { get; init; }
}

/// <summary>
/// Who is in which care queue, decided in the database from memberships and care steps so that a district of
/// 100,000 members needs no list in memory. The rules, with the days from <see cref="MemberCareSettings"/>:
/// <list type="bullet">
/// <item><b>New</b>: joined within NewMemberDays, never a member before, not yet welcomed.</item>
/// <item><b>Returning</b>: joined again within ReturningDays after a membership that had ended (a move between
/// associations, which the import records as one membership ending the day before the next starts, is not a return).</item>
/// <item><b>Lapsing</b>: a current member whose fee is paid through a day at most LapsingDays ahead, or already past.</item>
/// <item><b>Lapsed</b>: a membership ended within LapsedDays and the person is a member nowhere now.</item>
/// </list>
/// A person leaves a queue when a care step for it is recorded on or after the day they entered it.
/// </summary>
public static class CareQueues
{
    public static IReadOnlyList<CareQueue> All { get; } = [CareQueue.New, CareQueue.Returning, CareQueue.Lapsing, CareQueue.Lapsed];

    public static string Label(CareQueue queue) => queue switch
    {
        CareQueue.New => "Nya medlemmar att välkomna",
        CareQueue.Returning => "Återkommande medlemmar",
        CareQueue.Lapsing => "Obetald avgift – på väg att falla ut",
        CareQueue.Lapsed => "Nyligen utträdda",
        _ => queue.ToString(),
    };

    /// <summary>The word used in addresses (/medlemsvard/nya).</summary>
    public static string Slug(CareQueue queue) => queue switch
    {
        CareQueue.New => "nya",
        CareQueue.Returning => "aterkommande",
        CareQueue.Lapsing => "obetald-avgift",
        CareQueue.Lapsed => "uttradda",
        _ => queue.ToString().ToLowerInvariant(),
    };

    public static CareQueue? FromSlug(string? slug) => All.Cast<CareQueue?>().FirstOrDefault(q => Slug(q!.Value) == slug);

    /// <summary>The district's rules, or the defaults when it has saved none.</summary>
    public static async Task<MemberCareSettings> SettingsAsync(DistriktDb db, Guid districtId, CancellationToken ct) =>
        await db.Set<MemberCareSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.DistrictId == districtId, ct)
        ?? MemberCareSettings.DefaultsFor(districtId);

    /// <summary>The queue's entries for the memberships in <paramref name="scope"/>, not yet ordered.</summary>
    public static IQueryable<CareQueueEntry> Query(DistriktDb db, IReadOnlyCollection<Guid> scope, CareQueue queue, MemberCareSettings rules, DateOnly today)
    {
        var memberships = db.Set<Membership>().AsNoTracking();
        var steps = db.Set<CareStep>().AsNoTracking().Where(s => s.Queue == queue);
        var inScope = memberships.Where(m => scope.Contains(m.UnitId));
        switch (queue)
        {
            case CareQueue.New:
            {
                var from = today.AddDays(-rules.NewMemberDays);
                return ToEntries(inScope.Where(m => m.StartedOn >= from && m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)
                        && !memberships.Any(o => o.PersonId == m.PersonId && o.StartedOn < m.StartedOn)
                        && !steps.Any(s => s.PersonId == m.PersonId && s.DoneOn >= m.StartedOn)).Select(m => new Entered { M = m, Since = m.StartedOn }));
            }
            case CareQueue.Returning:
            {
                var from = today.AddDays(-rules.ReturningDays);
                return ToEntries(inScope.Where(m => m.StartedOn >= from && m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)
                        && memberships.Any(o => o.PersonId == m.PersonId && o.StartedOn < m.StartedOn)
                        && !memberships.Any(o => o.PersonId == m.PersonId && o.StartedOn < m.StartedOn && (o.EndedOn == null || o.EndedOn >= m.StartedOn.AddDays(-1)))
                        && !steps.Any(s => s.PersonId == m.PersonId && s.DoneOn >= m.StartedOn)).Select(m => new Entered { M = m, Since = m.StartedOn }));
            }
            case CareQueue.Lapsing:
            {
                var horizon = today.AddDays(rules.LapsingDays);
                var days = rules.LapsingDays;
                return ToEntries(inScope.Where(m => m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)
                        && m.FeePaidThrough != null && m.FeePaidThrough <= horizon
                        && !steps.Any(s => s.PersonId == m.PersonId && s.DoneOn >= m.FeePaidThrough!.Value.AddDays(-days))).Select(m => new Entered { M = m, Since = m.FeePaidThrough!.Value.AddDays(-days) }));
            }
            case CareQueue.Lapsed:
            {
                var from = today.AddDays(-rules.LapsedDays);
                return ToEntries(inScope.Where(m => m.EndedOn != null && m.EndedOn >= from && m.EndedOn < today
                        && !memberships.Any(o => o.PersonId == m.PersonId && o.StartedOn <= today && (o.EndedOn == null || o.EndedOn >= today))
                        // Of several ended memberships, the latest one stands for the person.
                        && !memberships.Any(o => o.PersonId == m.PersonId && o.EndedOn > m.EndedOn)
                        && !steps.Any(s => s.PersonId == m.PersonId && s.DoneOn >= m.EndedOn)).Select(m => new Entered { M = m, Since = m.EndedOn!.Value }));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(queue));
        }
    }

    /// <summary>How many people wait in each queue, per unit of the scope.</summary>
    public static async Task<Dictionary<(Guid UnitId, CareQueue Queue), int>> CountsAsync(DistriktDb db, IReadOnlyCollection<Guid> scope,
        MemberCareSettings rules, DateOnly today, CancellationToken ct)
    {
        var result = new Dictionary<(Guid, CareQueue), int>();
        foreach (var queue in All)
        {
            var counts = await Query(db, scope, queue, rules, today).GroupBy(e => e.UnitId)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var c in counts) result[(c.Key, queue)] = c.Count;
        }
        return result;
    }

    private static IQueryable<CareQueueEntry> ToEntries(IQueryable<Entered> entered) =>
        entered.Select(e => new CareQueueEntry
        {
            PersonId = e.M.PersonId, UnitId = e.M.UnitId, FirstName = e.M.Person!.FirstName, LastName = e.M.Person.LastName,
            Phone = e.M.Person.Phone, Email = e.M.Person.Email, Since = e.Since, FeePaidThrough = e.M.FeePaidThrough,
            DoNotContactSince = e.M.Person.DoNotContactSince,
        });

    /// <summary>A membership in a queue and the day it entered; a class rather than a tuple so EF can compose over it.</summary>
    private sealed class Entered
    {
        public required Membership M { get; init; }
        public DateOnly Since { get; init; }
    }
}
