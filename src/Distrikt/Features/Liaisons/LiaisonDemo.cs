using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// Faddersystemet in the demo district: the demo board member (Erik Öhman) looks after Enköping (overdue),
/// Östhammar and Håbo; the demo chair of Tierp, a district deputy, after Heby; two other board members after Uppsala
/// and Tierp. Knivsta has no liaison but a contact person; Älvkarleby has neither.
/// </summary>
public static class LiaisonDemo
{
    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var today = demo.Today;
        var random = demo.Random;
        var a = demo.Associations;
        Guid uppsala = a[0], enkoping = a[1], tierp = a[2], osthammar = a[3], habo = a[4], knivsta = a[5], heby = a[6];

        // Two other people on the district board, in a stable order, for Uppsala and Tierp.
        var others = await LiaisonRules.BoardSeats(db, demo.DistrictId, today)
            .Where(s => s.PersonId != demo.BoardMemberId && s.PersonId != demo.ChairId)
            .OrderBy(s => s.Person!.LastName).ThenBy(s => s.Person!.FirstName).ThenBy(s => s.PersonId)
            .Select(s => s.PersonId).Distinct().Take(2).ToListAsync(ct);

        var eightMonthsAgo = today.AddMonths(-8);
        var liaisons = new List<Liaison>
        {
            new() { UnitId = enkoping, PersonId = demo.BoardMemberId, RhythmDays = LiaisonRules.DefaultRhythmDays, StartsOn = eightMonthsAgo },
            new() { UnitId = osthammar, PersonId = demo.BoardMemberId, RhythmDays = LiaisonRules.DefaultRhythmDays, StartsOn = eightMonthsAgo },
            new() { UnitId = habo, PersonId = demo.BoardMemberId, RhythmDays = 56, StartsOn = today.AddDays(-random.Next(20, 30)) },
            new() { UnitId = heby, PersonId = demo.ChairId, RhythmDays = LiaisonRules.DefaultRhythmDays, StartsOn = eightMonthsAgo },
        };
        if (others.Count > 0) liaisons.Add(new() { UnitId = uppsala, PersonId = others[0], RhythmDays = 28, StartsOn = eightMonthsAgo });
        if (others.Count > 1) liaisons.Add(new() { UnitId = tierp, PersonId = others[1], RhythmDays = LiaisonRules.DefaultRhythmDays, StartsOn = eightMonthsAgo });
        db.AddRange(liaisons);

        LiaisonContact Contact(Guid unit, Guid? by, int daysAgo, ContactChannel channel, string note) => new()
        {
            UnitId = unit, LiaisonPersonId = by, RecordedById = by, ContactedOn = today.AddDays(-daysAgo), Channel = channel, Note = note,
            RecordedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
        };
        // Enköping's last contact is longer ago than its six weeks: the overdue flag a newcomer sees.
        db.AddRange(
            Contact(enkoping, demo.BoardMemberId, 100 + random.Next(0, 10), ContactChannel.Meeting, "Besökte styrelsemötet. De planerar ett medlemsmöte om kollektivtrafiken."),
            Contact(enkoping, demo.BoardMemberId, 50 + random.Next(0, 5), ContactChannel.Phone, "Pratade med ordföranden. Vill ha hjälp med valberedningen inför årsmötet."),
            Contact(osthammar, demo.BoardMemberId, 30 + random.Next(0, 5), ContactChannel.Email, "Skickade distriktets utbildningsdatum."),
            Contact(osthammar, demo.BoardMemberId, 8 + random.Next(0, 4), ContactChannel.DigitalMeeting, "Gick igenom kampanjplanen för våren. Allt rullar."),
            Contact(heby, demo.ChairId, 15 + random.Next(0, 10), ContactChannel.Phone, "Kassören har slutat; de söker en ersättare."),
            Contact(uppsala, others.Count > 0 ? others[0] : demo.StaffId, 12 + random.Next(0, 6), ContactChannel.Meeting, "Träffade styrelsen. Inget särskilt att följa upp."),
            Contact(tierp, others.Count > 1 ? others[1] : demo.StaffId, 20 + random.Next(0, 6), ContactChannel.Message, "Skickade inbjudan till ordförandeträffen."));

        // Knivsta has nobody on the district board: its chair (or whoever else holds an assignment there) is the one the district calls.
        var knivstaContact = await db.Set<Assignment>().AsNoTracking()
            .Where(s => s.UnitId == knivsta && s.StartsOn <= today && (s.EndsOn == null || s.EndsOn >= today))
            .OrderBy(s => s.AssignmentType!.Key == StandardAssignmentTypes.Chair ? 0 : 1).ThenBy(s => s.Person!.LastName)
            .Select(s => (Guid?)s.PersonId).FirstOrDefaultAsync(ct);
        if (knivstaContact is { } contactId) db.Add(new AssociationContact { UnitId = knivsta, PersonId = contactId });
        await db.SaveChangesAsync(ct);
    }
}
