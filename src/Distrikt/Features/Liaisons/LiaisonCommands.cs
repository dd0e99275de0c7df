using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>A person on the district board who can be made a liaison, with the seats they hold.</summary>
public sealed record BoardCandidate(Guid PersonId, string Name, string Seats);

/// <summary>A person who can be an association's contact person, with why they are on the list.</summary>
public sealed record ContactCandidate(Guid PersonId, string Name, string Why);

/// <summary>
/// The changes managers make in faddersystemet: assign, change rhythm, end, and name a contact person. Each checks
/// its input against the district in the address, so an id from another district or a person outside the board
/// is refused however it was posted.
/// </summary>
public static class LiaisonCommands
{
    public const string PersonField = "liaison-person";
    public const string AssociationField = "liaison-association";
    public const string RhythmField = "liaison-rhythm";
    public const string ContactPersonField = "contact-person";

    public static async Task<IReadOnlyList<BoardCandidate>> BoardAsync(DistriktDb db, Guid districtId, DateOnly today, CancellationToken ct)
    {
        var seats = await LiaisonRules.BoardSeats(db, districtId, today)
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, Type = a.AssignmentType!.Name })
            .ToListAsync(ct);
        return seats.GroupBy(s => s.PersonId)
            .Select(g => new BoardCandidate(g.Key, g.First().FirstName + " " + g.First().LastName,
                string.Join(", ", g.Select(s => s.Type.ToLower(SwedishFormat.Culture)).Distinct().Order(SwedishCollation.Comparer))))
            .OrderBy(c => c.Name, SwedishCollation.Comparer)
            .ToList();
    }

    public sealed record Assigned(Liaison Liaison, string PersonName, string AssociationName);

    /// <summary>Makes a board member liaison for an association from today; null with messages in <paramref name="errors"/> when refused.</summary>
    public static async Task<Assigned?> AssignAsync(DistriktDb db, Guid districtId, Guid? personId, Guid? associationId, string? rhythm,
        DateOnly today, FieldErrors errors, CancellationToken ct)
    {
        var board = await BoardAsync(db, districtId, today, ct);
        var person = board.FirstOrDefault(b => b.PersonId == personId);
        if (personId is null) errors.Add(PersonField, "Välj vem i distriktsstyrelsen som ska vara fadder.");
        else if (person is null) errors.Add(PersonField, "Personen sitter inte i distriktsstyrelsen nu. Bara ledamöter och ersättare kan vara faddrar.");

        var association = await AssociationInAsync(db, districtId, associationId, ct);
        if (associationId is null) errors.Add(AssociationField, "Välj vilken förening faddern ska ha kontakt med.");
        else if (association is null) errors.Add(AssociationField, "Föreningen finns inte i distriktet.");

        var days = LiaisonRules.ReadRhythm(rhythm, RhythmField, errors);
        if (errors.Any || person is null || association is null || days is null) return null;

        // The same person twice for one association would show up twice on their start page and halve nothing.
        var already = await db.Set<Liaison>().AsNoTracking().CurrentOn(today)
            .AnyAsync(l => l.UnitId == association.Id && l.PersonId == person.PersonId, ct);
        if (already)
        {
            errors.Add(PersonField, $"{person.Name} är redan fadder för {association.Name}. Ändra rytmen i stället.");
            return null;
        }
        var liaison = new Liaison { UnitId = association.Id, PersonId = person.PersonId, RhythmDays = days.Value, StartsOn = today };
        db.Add(liaison);
        await db.SaveChangesAsync(ct);
        return new Assigned(liaison, person.Name, association.Name);
    }

    /// <summary>An association lying in the district, from the unit tree in memory.</summary>
    public static async Task<UnitInfo?> AssociationInAsync(DistriktDb db, Guid districtId, Guid? associationId, CancellationToken ct)
    {
        if (associationId is not { } id) return null;
        var directory = await UnitDirectory.GetAsync(db, ct);
        return directory.Units.TryGetValue(id, out var unit) && unit.Kind == UnitKind.Association && directory.DistrictOf(id) == districtId ? unit : null;
    }

    /// <summary>
    /// Who may be named contact person: the association's current assignment holders (its board, first of all) and,
    /// found by a search, its current members. Nobody from outside the association.
    /// </summary>
    public static async Task<IReadOnlyList<ContactCandidate>> ContactCandidatesAsync(DistriktDb db, Guid associationId, string? search, DateOnly today,
        int maxFound, CancellationToken ct)
    {
        var holders = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.UnitId == associationId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, Type = a.AssignmentType!.Name })
            .ToListAsync(ct);
        var result = holders.GroupBy(h => h.PersonId)
            .Select(g => new ContactCandidate(g.Key, g.First().FirstName + " " + g.First().LastName,
                string.Join(", ", g.Select(h => h.Type.ToLower(SwedishFormat.Culture)).Distinct().Order(SwedishCollation.Comparer))))
            .OrderBy(c => c.Name, SwedishCollation.Comparer)
            .ToList();
        var terms = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0) return result;

        var members = MembersOf(db, associationId, today);
        foreach (var term in terms.Take(4))
        {
            // Names are stored capitalised: the typed text, its lower case and its capitalised form find "åkesson" in "Åkesson" on both databases.
            var lower = term.ToLower(SwedishFormat.Culture);
            var capital = lower.Length > 0 ? char.ToUpper(lower[0], SwedishFormat.Culture) + lower[1..] : lower;
            members = members.Where(p => p.FirstName.Contains(term) || p.LastName.Contains(term) || p.FirstName.Contains(lower)
                                         || p.LastName.Contains(lower) || p.FirstName.Contains(capital) || p.LastName.Contains(capital));
        }
        var found = await members.OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, p.FirstName, p.LastName }).Take(maxFound).ToListAsync(ct);
        result.AddRange(found.Where(f => result.All(r => r.PersonId != f.Id))
            .OrderBy(f => f.LastName, SwedishCollation.Comparer).ThenBy(f => f.FirstName, SwedishCollation.Comparer)
            .Select(f => new ContactCandidate(f.Id, f.FirstName + " " + f.LastName, "medlem")));
        return result;
    }

    private static IQueryable<Person> MembersOf(DistriktDb db, Guid associationId, DateOnly today) =>
        db.Set<Person>().AsNoTracking().Where(p => db.Set<Membership>().Any(m => m.PersonId == p.Id && m.UnitId == associationId
            && m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)));

    /// <summary>The person's name when they may be the association's contact person: a current member or assignment holder there.</summary>
    public static Task<string?> EligibleContactAsync(DistriktDb db, Guid associationId, Guid personId, DateOnly today, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking()
            .Where(p => p.Id == personId
                        && (db.Set<Membership>().Any(m => m.PersonId == p.Id && m.UnitId == associationId && m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today))
                            || db.Set<Assignment>().Any(a => a.PersonId == p.Id && a.UnitId == associationId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))))
            .Select(p => p.FirstName + " " + p.LastName)
            .FirstOrDefaultAsync(ct);
}
