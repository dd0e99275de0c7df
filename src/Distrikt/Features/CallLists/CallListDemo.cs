using Distrikt.Features.Assignments;
using Distrikt.Features.Care;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// A welcome list in Uppsala made from the new-members queue a few days ago, partly called: the district board
/// member Erik Öhman and Uppsala's member officer share it, so the demo board member sees it under "Mina ringlistor".
/// </summary>
public static class CallListDemo
{
    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var uppsala = demo.Associations[0];
        var rules = await CareQueues.SettingsAsync(db, demo.DistrictId, ct);
        var queue = await CareQueues.Query(db, [uppsala], CareQueue.New, rules, demo.Today)
            .Select(e => new CallCandidate(e.PersonId, e.FirstName, e.LastName, e.Phone, e.DoNotContactSince)).ToListAsync(ct);
        var people = queue.DistinctBy(c => c.PersonId).Where(c => c.DoNotContactSince is null && !string.IsNullOrWhiteSpace(c.Phone))
            .OrderBy(c => c.LastName, SwedishCollation.Comparer).ThenBy(c => c.FirstName, SwedishCollation.Comparer).ThenBy(c => c.PersonId)
            .ToList();
        if (people.Count == 0) return;

        var memberOfficer = await db.Set<Assignment>().Where(a => a.UnitId == uppsala && a.AssignmentType!.Key == StandardAssignmentTypes.MemberOfficer)
            .Select(a => (Guid?)a.PersonId).FirstOrDefaultAsync(ct);
        List<Guid> callers = memberOfficer is { } officer ? [demo.BoardMemberId, officer] : [demo.BoardMemberId];
        var created = new DateTimeOffset(demo.Today.AddDays(-4).ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);
        var list = new CallList
        {
            UnitId = uppsala,
            Name = "Välkomstsamtal till nya medlemmar",
            Purpose = "Hälsa välkommen till Vänsterpartiet Uppsala! Berätta att vi träffas första tisdagen i månaden på Folkets hus och att nya medlemmar får en fadder. Fråga om hen vill vara med i något: valarbete, bokbord eller en studiecirkel.",
            Source = CareQueues.Label(CareQueue.New),
            SourceQueue = CareQueue.New,
            OwnerId = demo.StaffId,
            CreatedAt = created,
            Callers = callers.Select(c => new CallListCaller { PersonId = c, AddedAt = created }).ToList(),
        };
        list.Entries = CallListRules.Deal(list.Id, people, callers);
        db.Add(list);

        // The member officer has made a start; the board member's share is still to call, so the demo has someone to ring.
        var random = demo.Random;
        var notes = new[] { null, "Trevligt samtal, kommer på nästa möte.", "Ring efter kl. 18.", null, "Har frågor om medlemsavgiften." };
        var done = list.Entries.Where(e => e.CallerId != demo.BoardMemberId).Take(Math.Max(1, list.Entries.Count / 2)).ToList();
        foreach (var (entry, i) in done.Select((e, i) => (e, i)))
        {
            var outcome = (i % 5) switch
            {
                0 => CallOutcome.Answered,
                1 => CallOutcome.NoAnswer,
                2 => CallOutcome.WantsToEngage,
                3 => CallOutcome.Answered,
                _ => random.Next(3) == 0 ? CallOutcome.WrongNumber : CallOutcome.Answered,
            };
            entry.Outcome = outcome;
            entry.Attempts = 1;
            entry.CalledAt = created.AddDays(1).AddMinutes(random.Next(30, 600));
            entry.CalledById = entry.CallerId;
            entry.Note = notes[random.Next(notes.Length)];
            if (outcome == CallOutcome.WantsToEngage) entry.EngageIn = "Valarbete";
            if (CallListRules.IsAnswered(outcome))
            {
                db.Add(new CareStep { PersonId = entry.PersonId!.Value, UnitId = uppsala, Queue = CareQueue.New, DoneOn = demo.Today.AddDays(-3), DoneById = entry.CallerId, Note = $"Ringlista: {list.Name}" });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
