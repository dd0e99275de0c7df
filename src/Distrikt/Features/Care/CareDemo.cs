using Distrikt.Features.Demo;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Care;

/// <summary>
/// Demo data of this feature on top of the seeded district: queues that someone has been working on — about half
/// of the new members welcomed, a few reminded of the fee and a few who left called — so a newcomer sees both
/// people waiting and people who have left a queue.
/// </summary>
public static class CareDemo
{
    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var scope = directory.Subtree(demo.DistrictId).Select(u => u.Id).ToList();
        var rules = MemberCareSettings.DefaultsFor(demo.DistrictId);
        var notes = new[] { null, "Hälsade välkommen, kommer på nästa möte.", null, "Lämnade ett meddelande.", null, "Vill gärna dela flygblad." };
        foreach (var (queue, share) in new[] { (CareQueue.New, 2), (CareQueue.Lapsing, 8), (CareQueue.Lapsed, 6), (CareQueue.Returning, 2) })
        {
            // Read in a fixed order so the same seed gives the same steps on both databases.
            var waiting = await CareQueues.Query(db, scope, queue, rules, demo.Today)
                .OrderBy(e => e.Since).ThenBy(e => e.PersonId).Select(e => new { e.PersonId, e.UnitId, e.Since }).ToListAsync(ct);
            foreach (var entry in waiting.Where(_ => demo.Random.Next(share) == 0))
            {
                var days = Math.Max(0, demo.Today.DayNumber - entry.Since.DayNumber);
                db.Add(new CareStep
                {
                    PersonId = entry.PersonId, UnitId = entry.UnitId, Queue = queue,
                    DoneOn = entry.Since.AddDays(demo.Random.Next(0, Math.Min(days, 14) + 1)),
                    DoneById = demo.StaffId, Note = notes[demo.Random.Next(notes.Length)],
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
