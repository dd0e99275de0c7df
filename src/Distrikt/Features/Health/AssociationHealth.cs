using Distrikt.Features.Assignments;
using Distrikt.Features.Care;
using Distrikt.Features.Liaisons;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Health;

/// <summary>Where one association stands today: members, care queues, contact with the district, its board.</summary>
public sealed record AssociationStatus(
    Guid UnitId, string Name, int Members, int MembersYearAgo, int JoinedThisYear,
    IReadOnlyDictionary<CareQueue, int> Queues,
    DateOnly? LastContact, int Liaisons, bool HasContactPerson, DateOnly? ContactDueOn, bool ContactOverdue,
    IReadOnlyDictionary<string, int> CoreSeats, int OtherSeats)
{
    public int Change => Members - MembersYearAgo;
    /// <summary>The change as a share of the members a year ago; null when there were none to compare with.</summary>
    public double? ChangeShare => MembersYearAgo == 0 ? null : (double)Change / MembersYearAgo;
    public bool HasChair => CoreSeats.GetValueOrDefault(StandardAssignmentTypes.Chair) > 0;
    public IEnumerable<string> VacantCoreSeats => AssociationHealth.CoreSeatKeys.Where(k => CoreSeats.GetValueOrDefault(k) == 0);
    public bool NoLiaison => Liaisons == 0;

    /// <summary>What the district board should act on, in words; empty when nothing is wrong.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (!HasChair) problems.Add("Ordförande saknas");
            // As in the liaison overview (decision 0017): a named contact person is the district's way in when no one on
            // the board is the association's liaison, so only having neither is a problem.
            if (NoLiaison && !HasContactPerson) problems.Add("Ingen fadder eller kontaktperson");
            else if (ContactOverdue) problems.Add("Kontakten är försenad");
            return problems;
        }
    }
}

/// <summary>
/// Föreningarnas läge: one read of every association in a district. Each figure is one grouped query over the
/// whole district (members now and a year ago and joined this year in one pass over the memberships, the four care
/// queues, liaisons, contacts, board seats), never a query per association, so the page costs the same with eight
/// associations or eighty and stays quick with 100,000 members.
/// </summary>
public static class AssociationHealth
{
    /// <summary>The seats every association's statutes require: without them it cannot hold its annual meeting lawfully.</summary>
    public static IReadOnlyList<string> CoreSeatKeys { get; } = [StandardAssignmentTypes.Chair, StandardAssignmentTypes.Treasurer, StandardAssignmentTypes.Secretary];

    public static async Task<IReadOnlyList<AssociationStatus>> ReadAsync(DistriktDb db, UnitDirectorySnapshot directory, Guid districtId,
        MemberCareSettings rules, DateOnly today, CancellationToken ct)
    {
        var associations = directory.Subtree(districtId).Where(u => u.Kind == UnitKind.Association).ToList();
        var ids = associations.Select(a => a.Id).ToList();
        var yearAgo = today.AddYears(-1);
        var newYear = new DateOnly(today.Year, 1, 1);

        var members = await db.Set<Membership>().AsNoTracking().Where(m => ids.Contains(m.UnitId))
            .Where(m => m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= yearAgo))
            .GroupBy(m => m.UnitId)
            .Select(g => new
            {
                g.Key,
                Now = g.Count(m => m.EndedOn == null || m.EndedOn >= today),
                YearAgo = g.Count(m => m.StartedOn <= yearAgo && (m.EndedOn == null || m.EndedOn >= yearAgo)),
                Joined = g.Count(m => m.StartedOn >= newYear),
            })
            .ToDictionaryAsync(x => x.Key, ct);

        var queues = await CareQueues.CountsAsync(db, ids, rules, today, ct);

        // Faddersystemet as the liaison overview reads it, so the two pages cannot disagree about who looks after an
        // association or when its contact is due.
        var liaison = (await LiaisonOverview.ReadAsync(db, districtId, today, ct)).ToDictionary(l => l.UnitId);

        var boards = await db.Set<Assignment>().AsNoTracking()
            .Where(a => ids.Contains(a.UnitId) && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today) && a.AssignmentType!.IsBoardSeat)
            .GroupBy(a => new { a.UnitId, a.AssignmentType!.Key })
            .Select(g => new { g.Key.UnitId, g.Key.Key, Count = g.Count() })
            .ToListAsync(ct);

        return associations.Select(a =>
        {
            var m = members.GetValueOrDefault(a.Id);
            var l = liaison[a.Id];
            var seatsHere = boards.Where(b => b.UnitId == a.Id).ToList();
            return new AssociationStatus(a.Id, a.Name, m?.Now ?? 0, m?.YearAgo ?? 0, m?.Joined ?? 0,
                CareQueues.All.ToDictionary(q => q, q => queues.GetValueOrDefault((a.Id, q))),
                l.LastContact?.On, l.Effective.Count(), l.ContactPersonId is not null, l.NextDue, l.Overdue,
                CoreSeatKeys.ToDictionary(k => k, k => seatsHere.Where(b => b.Key == k).Sum(b => b.Count)),
                seatsHere.Where(b => b.Key is null || !CoreSeatKeys.Contains(b.Key)).Sum(b => b.Count));
        }).ToList();
    }
}
