using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>One liaison relation in effect by its own dates; <see cref="OnBoard"/> says whether it counts.</summary>
public sealed record LiaisonRow(Guid Id, Guid PersonId, string PersonName, int RhythmDays, DateOnly StartsOn, bool OnBoard);

public sealed record ContactSummary(DateOnly On, ContactChannel Channel, string? ByName);

/// <summary>Where an association stands in faddersystemet today.</summary>
public sealed record AssociationLiaisonStatus(
    Guid UnitId, string Name, IReadOnlyList<LiaisonRow> Liaisons, Guid? ContactPersonId, string? ContactPersonName,
    ContactSummary? LastContact, DateOnly? NextDue, bool Overdue)
{
    /// <summary>The liaisons that count: those still holding a board seat in the district.</summary>
    public IEnumerable<LiaisonRow> Effective => Liaisons.Where(l => l.OnBoard);

    /// <summary>Neither a liaison nor a contact person: nobody in the district knows whom to call.</summary>
    public bool Unattended => !Effective.Any() && ContactPersonId is null;
}

public static class LiaisonOverview
{
    /// <summary>
    /// The status of every association in the district: four reads (liaisons with their seat, contact persons, the
    /// latest contacts, and the unit tree from memory), whatever the number of associations.
    /// </summary>
    public static async Task<IReadOnlyList<AssociationLiaisonStatus>> ReadAsync(DistriktDb db, Guid districtId, DateOnly today, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var associations = directory.Subtree(districtId).Where(u => u.Kind == UnitKind.Association).ToList();
        var ids = associations.Select(a => a.Id).ToList();
        var seats = LiaisonRules.BoardSeats(db, districtId, today);

        var liaisons = await db.Set<Liaison>().AsNoTracking().CurrentOn(today)
            .Where(l => ids.Contains(l.UnitId))
            .Select(l => new
            {
                l.UnitId,
                Row = new LiaisonRow(l.Id, l.PersonId, l.Person!.FirstName + " " + l.Person.LastName, l.RhythmDays, l.StartsOn,
                    seats.Any(a => a.PersonId == l.PersonId)),
            })
            .ToListAsync(ct);
        var contactPersons = await db.Set<AssociationContact>().AsNoTracking()
            .Where(c => ids.Contains(c.UnitId))
            .Select(c => new { c.UnitId, c.PersonId, Name = c.Person!.FirstName + " " + c.Person.LastName })
            .ToListAsync(ct);
        var latest = await LatestContactsAsync(db, ids, ct);

        var byUnit = liaisons.ToLookup(l => l.UnitId, l => l.Row);
        return associations.Select(a =>
            {
                var rows = byUnit[a.Id].OrderBy(l => l.PersonName, SwedishCollation.Comparer).ToList();
                var contact = contactPersons.FirstOrDefault(c => c.UnitId == a.Id);
                var last = latest.GetValueOrDefault(a.Id);
                DateOnly? due = rows.Where(l => l.OnBoard).Select(l => (DateOnly?)LiaisonRules.DueOn(last?.On, l.StartsOn, l.RhythmDays)).Min();
                return new AssociationLiaisonStatus(a.Id, a.Name, rows, contact?.PersonId, contact?.Name, last, due,
                    due is { } d && LiaisonRules.IsOverdue(d, today));
            })
            .ToList();
    }

    /// <summary>
    /// The board's order: associations nobody looks after first, then overdue contacts (longest waiting first), then
    /// the rest by name in Swedish order.
    /// </summary>
    public static IReadOnlyList<AssociationLiaisonStatus> InBoardOrder(IEnumerable<AssociationLiaisonStatus> statuses) =>
        statuses
            .OrderBy(s => s.Unattended ? 0 : s.Overdue ? 1 : 2)
            .ThenBy(s => s.Overdue ? s.NextDue : null)
            .ThenBy(s => s.Name, SwedishCollation.Comparer)
            .ToList();

    /// <summary>The latest contact of each association, with who made it.</summary>
    public static async Task<Dictionary<Guid, ContactSummary>> LatestContactsAsync(DistriktDb db, IReadOnlyCollection<Guid> unitIds, CancellationToken ct)
    {
        // The contacts on each association's latest contact day; several on one day are told apart by when they were
        // recorded, in memory (SQLite cannot compare the timestamps in SQL).
        var rows = await db.Set<LiaisonContact>().AsNoTracking()
            .Where(c => unitIds.Contains(c.UnitId)
                        && c.ContactedOn == db.Set<LiaisonContact>().Where(o => o.UnitId == c.UnitId).Max(o => o.ContactedOn))
            .Select(c => new
            {
                c.UnitId, c.ContactedOn, c.Channel, c.RecordedAt,
                By = db.Set<Person>().Where(p => p.Id == c.LiaisonPersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RecordedAt).Select(r => new ContactSummary(r.ContactedOn, r.Channel, r.By)).First());
    }
}
