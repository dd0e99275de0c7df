using Distrikt.Features.Assignments;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>An association the signed-in liaison keeps in touch with, as the start page lists it.</summary>
public sealed record MyLiaisonAssociation(Guid UnitId, string Name, DateOnly? LastContact, DateOnly DueOn, bool Overdue);

/// <summary>What the start page shows of faddersystemet to someone on the district board.</summary>
public sealed record LiaisonStartCard(Guid DistrictId, bool OnBoard, IReadOnlyList<MyLiaisonAssociation> Mine, int Overdue, int Unattended)
{
    public bool IsEmpty => !OnBoard && Mine.Count == 0;
}

public static class LiaisonStart
{
    /// <summary>
    /// The board seats the product knows by key. A district-added type has no key and may be a seat too, so it is
    /// asked about as well; any other keyed type (ombudsman, fadder, revisor …) is known not to be one.
    /// </summary>
    private static readonly string[] SeatKeys =
    [
        StandardAssignmentTypes.Chair, StandardAssignmentTypes.ViceChair, StandardAssignmentTypes.Secretary, StandardAssignmentTypes.Treasurer,
        StandardAssignmentTypes.MemberOfficer, StandardAssignmentTypes.BoardMember, StandardAssignmentTypes.Deputy,
    ];

    /// <summary>
    /// The start page's faddersystem figures in one read, and only for someone who may hold a board seat in a
    /// district (decided from the assignments already in memory): the start page is benchmarked, and most people
    /// who open it sit on no district board. Null when there is nothing to show.
    /// </summary>
    public static async Task<LiaisonStartCard?> ReadAsync(DistriktDb db, Access access, DateOnly today, CancellationToken ct)
    {
        if (access.PersonId is not { } personId) return null;
        var held = access.Assignments.FirstOrDefault(a => a.UnitKind == UnitKind.District && (a.TypeKey is null || SeatKeys.Contains(a.TypeKey)));
        if (held is null) return null;
        var districtId = held.UnitId;
        var directory = await UnitDirectory.GetAsync(db, ct);
        var ids = directory.Subtree(districtId).Where(u => u.Kind == UnitKind.Association).Select(u => u.Id).ToList();
        var seats = LiaisonRules.BoardSeats(db, districtId, today);

        // One statement: per association, whether it has a contact person, its last contact day and the liaisons that
        // count (those on the board), plus whether the viewer sits on the board.
        var rows = await db.Set<Unit>().AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new
            {
                u.Id,
                MeOnBoard = seats.Any(a => a.PersonId == personId),
                HasContactPerson = db.Set<AssociationContact>().Any(c => c.UnitId == u.Id),
                Last = db.Set<LiaisonContact>().Where(c => c.UnitId == u.Id).Max(c => (DateOnly?)c.ContactedOn),
                Liaisons = db.Set<Liaison>()
                    .Where(l => l.UnitId == u.Id && l.StartsOn <= today && (l.EndsOn == null || l.EndsOn >= today) && seats.Any(a => a.PersonId == l.PersonId))
                    .Select(l => new { l.PersonId, l.RhythmDays, l.StartsOn })
                    .ToList(),
            })
            .ToListAsync(ct);
        var onBoard = rows.Any(r => r.MeOnBoard);
        if (!onBoard) return null;

        var mine = rows.SelectMany(r => r.Liaisons.Where(l => l.PersonId == personId).Select(l =>
            {
                var due = LiaisonRules.DueOn(r.Last, l.StartsOn, l.RhythmDays);
                return new MyLiaisonAssociation(r.Id, directory.Units[r.Id].Name, r.Last, due, LiaisonRules.IsOverdue(due, today));
            }))
            .OrderByDescending(m => m.Overdue).ThenBy(m => m.DueOn).ThenBy(m => m.Name, SwedishCollation.Comparer)
            .ToList();
        var overdue = rows.Count(r => r.Liaisons.Count > 0
                                      && LiaisonRules.IsOverdue(r.Liaisons.Min(l => LiaisonRules.DueOn(r.Last, l.StartsOn, l.RhythmDays)), today));
        var unattended = rows.Count(r => r.Liaisons.Count == 0 && !r.HasContactPerson);
        return new LiaisonStartCard(districtId, onBoard, mine, overdue, unattended);
    }
}
