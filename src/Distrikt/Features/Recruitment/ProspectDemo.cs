using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Recruitment;

/// <summary>Demo contacts to recruit: met at stalls and in a campaign, a few from the web form, one who has already joined.</summary>
public static class ProspectDemo
{
    private static readonly (string First, string Last, int Association, ProspectSource Source, string? Note, int DaysAgo, string? Interest)[] Contacts =
    [
        ("Tove", "Lindahl", 0, ProspectSource.Stall, "Bokbord Stora torget", 3, "Vill bli medlem"),
        ("Hamid", "Rostami", 0, ProspectSource.Stall, "Bokbord Stora torget", 3, null),
        ("Signe", "Wallgren", 0, ProspectSource.Campaign, "Hyreskampanjen i Gottsunda", 12, "Vill engagera mig lokalt"),
        ("Pontus", "Ek", 0, ProspectSource.Campaign, "Hyreskampanjen i Gottsunda", 12, null),
        ("Ronja", "Sundqvist", 0, ProspectSource.InterestForm, null, 20, "Studiecirklar och utbildning"),
        ("Mirza", "Hodžić", 0, ProspectSource.InterestForm, null, 41, null),
        ("Gunnel", "Strand", 2, ProspectSource.Stall, "Marknadsdagen i Tierp", 30, "Valarbete"),
        ("Lukas", "Berggren", 2, ProspectSource.Stall, "Marknadsdagen i Tierp", 30, null),
        ("Edith", "Marklund", 1, ProspectSource.Other, "Ringde till expeditionen", 8, "Vill bli medlem"),
        ("Yusuf", "Demir", 1, ProspectSource.InterestForm, null, 60, null),
    ];

    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var consent = Prospects.ConsentText(DemoSeeder.DistrictName, 365);
        var n = 0;
        foreach (var c in Contacts)
        {
            var person = new Person
            {
                FirstName = c.First, LastName = c.Last,
                Email = $"{c.First.ToLowerInvariant()}.{n}@kontakt.test",
                // 08-465 004 00 … 99: another range Post- och telestyrelsen keeps for fiction, apart from the members' mobiles.
                Phone = $"+468465004{n * 7 % 100:00}",
            };
            db.Add(person);
            db.Add(new Prospect
            {
                Person = person, UnitId = demo.Associations[c.Association], Source = c.Source, SourceNote = c.Note,
                ConsentGivenOn = demo.Today.AddDays(-c.DaysAgo), ConsentText = consent,
                RecordedById = c.Source == ProspectSource.InterestForm ? null : demo.StaffId,
            });
            if (c.Interest is { } interest) db.Add(new PersonTag { PersonId = person.Id, Name = interest });
            n++;
        }
        // One who joined after the spring campaign: the prospect points to the member.
        var joined = await db.Set<Membership>().Where(m => m.UnitId == demo.Associations[0] && m.StartedOn >= demo.Today.AddDays(-50))
            .OrderBy(m => m.StartedOn).Select(m => new { m.PersonId, m.StartedOn }).FirstOrDefaultAsync(ct);
        if (joined is not null)
        {
            db.Add(new Prospect
            {
                PersonId = joined.PersonId, UnitId = demo.Associations[0], Source = ProspectSource.Campaign, SourceNote = "Hyreskampanjen i Gottsunda",
                ConsentGivenOn = joined.StartedOn.AddDays(-14), ConsentText = consent, RecordedById = demo.StaffId, JoinedOn = joined.StartedOn,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
