using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Members;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PersonPageTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    [Fact]
    public async Task Staff_sees_contact_details_memberships_assignments_and_tags_and_the_view_is_logged_by_id()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        var earlier = await data.AssociationAsync("Vänsterpartiet Förra");
        var id = await data.PersonAsync(unit, "Sigrid", "Personsidan", p =>
        {
            p.Email = "sigrid@prov.test"; p.Phone = "+46701234588"; p.StreetAddress = "Åsgatan 4"; p.PostalCode = "81530"; p.City = "Tierp";
            p.MunicipalityCode = "0360"; p.MemberNumber = "P" + Guid.NewGuid().ToString("N")[..8]; p.BirthDate = new DateOnly(1985, 3, 15);
        }, m => { m.StartedOn = new DateOnly(2020, 5, 1); m.FeePaidThrough = new DateOnly(2020, 12, 31); }, "valarbetare", "Ansvarig för bokbord");
        await data.AddMembershipAsync(id, earlier, new DateOnly(2015, 1, 1), new DateOnly(2020, 4, 30));
        await data.Units.AssignAsync(id, unit, "sekreterare", Today.AddMonths(-6));
        await data.Units.AssignAsync(id, unit, "kassor", new DateOnly(2021, 1, 1), new DateOnly(2022, 12, 31));
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);

        var back = $"/enheter/{unit}/medlemmar?q=personsidan";
        var (response, page) = await client.GetPageAsync($"/personer/{id}?tillbaka={Uri.EscapeDataString(back)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Sigrid Personsidan", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(back, page.QuerySelector("nav.breadcrumbs a")!.GetAttribute("href"));
        var text = page.Text();
        Assert.Contains("19850315-****", text);
        Assert.DoesNotContain("1985-03-15", text);
        Assert.Contains("Åsgatan 4", text);
        Assert.Contains("815 30 Tierp", text);
        Assert.Contains("Kommun Tierp", text);
        Assert.Equal("tel:+46701234588", page.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
        Assert.Equal("070-123 45 88", page.QuerySelector("a[href^='tel:']")!.TextContent);
        Assert.Equal("mailto:sigrid@prov.test", page.QuerySelector("a[href^='mailto:']")!.GetAttribute("href"));
        var memberships = page.Text("section[aria-labelledby='memberships-heading']");
        Assert.Contains("2020-05-01 – tills vidare Avgift betald till och med 2020-12-31 obetald", memberships);
        Assert.Contains("Vänsterpartiet Förra", memberships);
        Assert.Contains("2015-01-01 – 2020-04-30 Avgift: okänt", memberships);
        var assignments = page.Text("section[aria-labelledby='assignments-heading']");
        Assert.Contains("Nuvarande och kommande Sekreterare i Vänsterpartiet Medlemstest", assignments);
        Assert.Contains("Tidigare Kassör i Vänsterpartiet Medlemstest", assignments);
        Assert.Contains("2021-01-01 – 2022-12-31", assignments);
        // Tags in Swedish order, each with a way to remove it for whoever may change people.
        Assert.Equal(["Ansvarig för bokbord", "valarbetare"], page.QuerySelectorAll(".tag-list li > span").Select(s => s.TextContent).ToList());
        Assert.NotNull(page.QuerySelector("form.add-tag"));

        var entry = Assert.Single(await factory.AuditEntriesAsync("Person", id.ToString()));
        Assert.Equal(AuditAction.View, entry.Action);
        Assert.Equal("Maria Sandberg", entry.ActorName);
        Assert.DoesNotContain("Sigrid", entry.Summary);
        Assert.DoesNotContain("Personsidan", entry.Summary);

        // Only a member list's address is offered as the way back.
        var (_, elsewhere) = await client.GetPageAsync($"/personer/{id}?tillbaka={Uri.EscapeDataString("https://example.com/enheter/x/medlemmar")}");
        Assert.Equal("/medlemmar", elsewhere.QuerySelector("nav.breadcrumbs a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_chair_of_Tierp_opens_Tierp_people_but_not_another_associations_by_changing_the_id()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var member = await data.PersonAsync(tierp, "Tierpbo", "Idsson");
        var recentlyLeft = await data.PersonAsync(tierp, "Nyss", "Idsson", membership: m => { m.StartedOn = Today.AddYears(-3); m.EndedOn = Today.AddMonths(-2); });
        var longGone = await data.PersonAsync(tierp, "Länge", "Idsson", membership: m => { m.StartedOn = Today.AddYears(-5); m.EndedOn = Today.AddMonths(-13); });
        var other = await data.PersonAsync(uppsala, "Uppsalabo", "Idsson");
        // A member of Uppsala who holds an assignment in Tierp belongs to Tierp's people too.
        var helper = await data.PersonAsync(uppsala, "Hjälpare", "Idsson");
        await data.Units.AssignAsync(helper, tierp, "sekreterare", Today.AddDays(-30));
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);

        foreach (var allowed in new[] { member, recentlyLeft, helper })
        {
            var (response, _) = await client.GetPageAsync($"/personer/{allowed}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        foreach (var refused in new[] { other, longGone, Guid.NewGuid() })
        {
            var response = await client.Http.GetAsync($"/personer/{refused}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/atkomst-nekad", response.Headers.Location!.OriginalString);
        }
        // Nor can a tag be added there, with a valid token from a page the chair may see.
        var (_, ownPage) = await client.GetPageAsync($"/personer/{member}");
        var form = ownPage.QuerySelector("form.add-tag")!;
        var sneaky = await client.Http.PostAsync($"/personer/{other}?handler=AddTag", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tagg"] = "smygtagg",
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Contains("/atkomst-nekad", sneaky.Headers.Location!.OriginalString);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<PersonTag>().AnyAsync(t => t.PersonId == other)));
        Assert.Empty(await factory.AuditEntriesAsync("Person", other.ToString()));
    }

    [Fact]
    public async Task Adding_and_removing_a_tag_is_logged_and_the_list_filters_on_it_and_mistakes_get_a_Swedish_message()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var id = await data.PersonAsync(tierp, "Taggad", "Märksson");
        var tag = "dörrknackare " + Guid.NewGuid().ToString("N")[..6];
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var url = $"/personer/{id}?tillbaka={Uri.EscapeDataString($"/enheter/{tierp}/medlemmar?q=märksson")}";

        var added = await client.SubmitAsync(url, "form.add-tag", ("tagg", "  " + tag + " "));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("tillbaka=", added.Headers.Location!.OriginalString);
        var (_, page) = await client.GetPageAsync(added.Headers.Location!.OriginalString);
        Assert.Contains($"Taggen ”{tag}” är tillagd.", page.Text());
        Assert.Equal([tag], page.QuerySelectorAll(".tag-list li > span").Select(s => s.TextContent).ToList());
        var change = Assert.Single(await factory.AuditEntriesAsync("Person", id.ToString()), e => e.Action == AuditAction.Change);
        Assert.Contains(tag, change.Summary);
        Assert.Equal("Johan Åkesson", change.ActorName);

        var (_, list) = await client.GetPageAsync($"/enheter/{tierp}/medlemmar?tagg={Uri.EscapeDataString(tag)}");
        Assert.Equal(["Märksson, Taggad"], list.Names());
        Assert.Contains(list.QuerySelectorAll("#tagg option"), o => o.TextContent == tag);

        // The same tag again, in other letters' case: refused with the reason, the typed text kept.
        var again = await client.SubmitAsync(url, "form.add-tag", ("tagg", tag.ToUpper(SwedishFormat.Culture)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againPage = await AppClient.ParseAsync(again);
        Assert.Contains($"Taggad Märksson har redan taggen ”{tag.ToUpper(SwedishFormat.Culture)}”.", againPage.QuerySelector("#tagg-error")!.TextContent);
        Assert.Equal("true", againPage.QuerySelector("#tagg")!.GetAttribute("aria-invalid"));
        Assert.Equal(tag.ToUpper(SwedishFormat.Culture), againPage.QuerySelector("#tagg")!.GetAttribute("value"));
        var empty = await AppClient.ParseAsync(await client.SubmitAsync(url, "form.add-tag", ("tagg", "   ")));
        Assert.Equal("Skriv taggen du vill lägga till.", empty.QuerySelector("#tagg-error")!.TextContent);
        var formula = await AppClient.ParseAsync(await client.SubmitAsync(url, "form.add-tag", ("tagg", "=1+1")));
        Assert.NotNull(formula.QuerySelector("#tagg-error"));

        var removed = await client.SubmitAsync(url, "form.tag-remove", Array.Empty<KeyValuePair<string, string>>());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<PersonTag>().AnyAsync(t => t.PersonId == id)));
        var changes = (await factory.AuditEntriesAsync("Person", id.ToString())).Where(e => e.Action == AuditAction.Change).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Contains("Tog bort", changes[1].Summary);
    }

    [Fact]
    public async Task Seeing_people_without_the_right_to_change_them_shows_no_tag_form_and_refuses_the_post()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var id = await data.PersonAsync(tierp, "Läses", "Barasson", tags: "befintlig");
        var email = await factory.PersonWithAccountAsync("Vänsterpartiet Tierp", "kassor");
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(email);

        var (response, page) = await client.GetPageAsync($"/personer/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("form.add-tag"));
        Assert.Null(page.QuerySelector("form.tag-remove"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await client.GetPageAsync("/konto")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await client.Http.PostAsync($"/personer/{id}?handler=RemoveTag", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["namn"] = "befintlig",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("/atkomst-nekad", post.Headers.Location!.OriginalString);
        Assert.True(await factory.WithDbAsync((db, _) => db.Set<PersonTag>().AnyAsync(t => t.PersonId == id)));
    }

    [Fact]
    public async Task A_member_without_assignments_cannot_open_anyone_not_even_themself()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var own = await factory.WithDbAsync((db, _) => db.Set<Person>().Where(p => p.Email == DemoSeeder.Member.Email).Select(p => p.Id).SingleAsync());
        var (response, page) = await client.GetPageAsync($"/personer/{own}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Åtkomst nekad", page.QuerySelector("h1")!.TextContent);
    }
}
