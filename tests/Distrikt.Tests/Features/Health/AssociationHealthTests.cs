using System.Net;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Liaisons;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Health;

/// <summary>Föreningarnas läge through HTTP: the figures per association, the flags, and who may see it.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AssociationHealthTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    private static string Url(Guid district, string query = "") => $"/enheter/{district}/foreningslage{query}";

    private static IElement Card(IDocument page, Guid unit) =>
        page.QuerySelectorAll(".health-card").Single(c => c.QuerySelector($"h2 a[href='/enheter/{unit}']") is not null);

    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Replace('\u00A0', ' ');

    [Fact]
    public async Task Each_association_shows_members_trend_queues_contact_and_board_with_problems_flagged()
    {
        await using var data = new MemberTestData(factory);
        var district = await factory.DistrictIdAsync();
        var bare = await data.AssociationAsync("Vänsterpartiet Hälsa Utan");
        var overdue = await data.AssociationAsync("Vänsterpartiet Hälsa Sen");
        var fresh = await data.AssociationAsync("Vänsterpartiet Hälsa Ny");

        // Bare: two members now (one joined this year), one who left last month was a member a year ago. No board, no liaison.
        await data.PersonAsync(bare, "Länge", "Hälsosson", membership: m => m.StartedOn = Today.AddYears(-2));
        await data.PersonAsync(bare, "Nyårs", "Hälsosson", membership: m => m.StartedOn = new DateOnly(Today.Year, 1, 1));
        await data.PersonAsync(bare, "Gått", "Hälsosson", membership: m => { m.StartedOn = Today.AddYears(-2); m.EndedOn = Today.AddDays(-30); });

        // Overdue: a full board and a liaison whose six weeks since the last contact ran out eight days ago.
        foreach (var (key, name) in new[] { ("ordforande", "Ordf"), ("kassor", "Kass"), ("sekreterare", "Sekr"), ("ledamot", "Led") })
        {
            var holder = await data.PersonAsync(overdue, name, "Styrelsesson");
            await data.Units.AssignAsync(holder, overdue, key, Today.AddYears(-1));
        }
        var liaison = await data.PersonAsync(overdue, "Fadder", "Hälsosson");
        await data.Units.AssignAsync(liaison, district, "ledamot", Today.AddYears(-1));
        // Fresh: a chair, a liaison who started ten days ago (a new liaison does not restart the clock of an association
        // that has long waited, decision 0017), and a second liaison who has left the district board and so does not count.
        var freshChair = await data.PersonAsync(fresh, "Ordf", "Nysson");
        await data.Units.AssignAsync(freshChair, fresh, "ordforande", Today.AddYears(-1));
        var offBoard = await data.PersonAsync(fresh, "Avgått", "Hälsosson");
        await data.Units.AssignAsync(offBoard, district, "ledamot", Today.AddYears(-2), Today.AddDays(-40));
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new Liaison { UnitId = overdue, PersonId = liaison, RhythmDays = 42, StartsOn = Today.AddDays(-100) });
            db.Add(new LiaisonContact { UnitId = overdue, LiaisonPersonId = liaison, ContactedOn = Today.AddDays(-90), Channel = ContactChannel.Phone });
            db.Add(new LiaisonContact { UnitId = overdue, LiaisonPersonId = liaison, ContactedOn = Today.AddDays(-50), Channel = ContactChannel.Meeting });
            db.Add(new Liaison { UnitId = fresh, PersonId = liaison, RhythmDays = 42, StartsOn = Today.AddDays(-10) });
            db.Add(new Liaison { UnitId = fresh, PersonId = offBoard, RhythmDays = 14, StartsOn = Today.AddDays(-200) });
            db.Add(new LiaisonContact { UnitId = fresh, ContactedOn = Today.AddDays(-200), Channel = ContactChannel.Email });
            await db.SaveChangesAsync();
        });
        try
        {
            using var client = new AppClient(factory);
            await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
            var (response, page) = await client.GetPageAsync(Url(district));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var bareCard = Card(page, bare);
            var bareText = Text(bareCard);
            Assert.Contains("health-flagged", bareCard.ClassName);
            Assert.Equal(["Ordförande saknas", "Ingen fadder eller kontaktperson"], bareCard.QuerySelectorAll(".health-problems li").Select(li => li.TextContent).ToList());
            Assert.Contains("Medlemmar 2 ±0 (±0 %) på ett år", bareText);
            Assert.Contains("Nya i år 1", bareText);
            Assert.Contains("ingen kontakt registrerad", bareText);
            Assert.Contains("Ordförande: vakant", bareText);
            Assert.Contains("Kassör: vakant", bareText);
            Assert.Contains("0 andra styrelseplatser", bareText);
            Assert.Equal($"/enheter/{bare}/medlemsvard/nya", bareCard.QuerySelector(".health-queues a")!.GetAttribute("href"));

            var overdueCard = Card(page, overdue);
            var overdueText = Text(overdueCard);
            Assert.Equal(["Kontakten är försenad"], overdueCard.QuerySelectorAll(".health-problems li").Select(li => li.TextContent).ToList());
            Assert.Contains($"senast {Today.AddDays(-50):yyyy-MM-dd} · skulle ha skett {Today.AddDays(-8):yyyy-MM-dd} · 1 fadder", overdueText);
            Assert.Contains("Ordförande: tillsatt Kassör: tillsatt Sekreterare: tillsatt 1 annan styrelseplats", overdueText);
            Assert.Contains("Medlemmar 5 ", overdueText);

            var freshCard = Card(page, fresh);
            Assert.Equal(["Kontakten är försenad"], freshCard.QuerySelectorAll(".health-problems li").Select(li => li.TextContent).ToList());
            Assert.Contains($"senast {Today.AddDays(-200):yyyy-MM-dd} · skulle ha skett {Today.AddDays(-158):yyyy-MM-dd} · 1 fadder", Text(freshCard));

            // The district's own figures come first; the view is logged by count only.
            Assert.NotNull(page.QuerySelector(".stats"));
            var entry = (await factory.AuditEntriesAsync("Föreningarnas läge", district.ToString())).Last();
            Assert.Equal(AuditAction.View, entry.Action);
            Assert.DoesNotContain("Hälsosson", entry.Summary);

            // Problems first on request; the default is by name, in Swedish order.
            var (_, byProblem) = await client.GetPageAsync(Url(district, "?sortera=problem"));
            Assert.Contains("health-flagged", byProblem.QuerySelector(".health-card")!.ClassName);
            var names = page.QuerySelectorAll(".health-name a").Select(a => a.TextContent).ToList();
            Assert.Equal(names.Order(Distrikt.Infrastructure.Database.SwedishCollation.Comparer).ToList(), names);
            Assert.Equal("Vänsterpartiet Östhammar", names.Last());
        }
        finally
        {
            var units = new[] { bare, overdue, fresh };
            await factory.WithDbAsync(async (db, _) =>
            {
                await db.Set<LiaisonContact>().Where(c => units.Contains(c.UnitId)).ExecuteDeleteAsync();
                await db.Set<Liaison>().Where(l => units.Contains(l.UnitId)).ExecuteDeleteAsync();
            });
        }
    }

    [Fact]
    public async Task Only_a_district_has_the_view_and_only_who_sees_its_people_may_open_it()
    {
        var district = await factory.DistrictIdAsync();
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync(Url(tierp))).StatusCode);

        // The unit page links to the care overview everywhere and to this view on the district only.
        var (_, districtPage) = await staff.GetPageAsync($"/enheter/{district}");
        Assert.NotNull(districtPage.QuerySelector($".page-actions a[href='{Url(district)}']"));
        Assert.NotNull(districtPage.QuerySelector($".page-actions a[href='/enheter/{district}/medlemsvard']"));
        var (_, tierpPage) = await staff.GetPageAsync($"/enheter/{tierp}");
        Assert.NotNull(tierpPage.QuerySelector($".page-actions a[href='/enheter/{tierp}/medlemsvard']"));
        Assert.Null(tierpPage.QuerySelector(".page-actions a[href$='/foreningslage']"));

        foreach (var email in new[] { DemoSeeder.Chair.Email, DemoSeeder.Member.Email })
        {
            using var client = new AppClient(factory);
            await client.SignInAsDemoAsync(email);
            var refused = await client.Http.GetAsync(Url(district));
            Assert.Contains("/atkomst-nekad", refused.Headers.Location!.OriginalString);
        }
    }
}
