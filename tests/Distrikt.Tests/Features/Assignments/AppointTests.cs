using System.Net;
using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Assignments;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AppointTests(DistriktFactory factory)
{
    [Fact]
    public async Task The_chair_of_Tierp_finds_a_member_and_appoints_them()
    {
        await using var data = new CreatedData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var typeName = CreatedData.Unique("Studieansvarig");
        var typeId = await data.AssignmentTypeAsync(typeName);
        var lastName = CreatedData.Unique("Åström");
        var personId = await data.MemberAsync(tierp, "Ylva", lastName);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);

        // Lower case finds the capitalised Swedish name.
        var (response, page) = await client.GetPageAsync($"/enheter/{tierp}/uppdrag/nytt?sok={Uri.EscapeDataString(lastName.ToLowerInvariant())}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var candidate = Assert.Single(page.QuerySelectorAll("input[name=PersonId]"));
        Assert.Equal(personId.ToString(), candidate.GetAttribute("value"));
        Assert.Contains("medlem i Vänsterpartiet Tierp", candidate.ParentElement!.TextContent);
        // A type for districts only is not offered in an association.
        Assert.DoesNotContain(page.QuerySelectorAll("#type option"), o => o.TextContent == "Ombudsman");
        Assert.Equal(SwedishFormat.Date(UnitTestExtensions.Today), page.QuerySelector("#starts-on")!.GetAttribute("value"));

        var posted = await client.SubmitAsync(page, "main form[method=post]", page.FormValues("main form[method=post]",
            ("PersonId", personId.ToString()), ("TypeId", typeId.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var (_, details) = await client.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains($"Ylva {lastName} är tillsatt", details.Text());
        var current = details.QuerySelector("section[aria-labelledby='current-heading']")!.TextContent;
        Assert.Contains(lastName, current);
        Assert.Contains(typeName, current);

        var assignment = await factory.WithDbAsync((db, _) => db.Set<Assignment>().AsNoTracking().SingleAsync(a => a.PersonId == personId));
        Assert.Equal(tierp, assignment.UnitId);
        Assert.Equal(UnitTestExtensions.Today, assignment.StartsOn);
        Assert.Null(assignment.EndsOn);
        var created = Assert.Single(await factory.AuditEntriesAsync("Uppdrag", assignment.Id.ToString()), e => e.Action == AuditAction.Create);
        Assert.Contains(typeName, created.Summary);
        Assert.Equal("Johan Åkesson", created.ActorName);
    }

    [Fact]
    public async Task The_chair_of_Tierp_is_refused_in_Uppsala_and_cannot_find_its_members()
    {
        await using var data = new CreatedData(factory);
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var lastName = CreatedData.Unique("Utanför");
        var outsider = await data.MemberAsync(uppsala, "Olle", lastName);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);

        var (get, _) = await client.GetPageAsync($"/enheter/{uppsala}/uppdrag/nytt");
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);

        // Not through Tierp's page either: the search only reaches the chair's own association.
        var (_, search) = await client.GetPageAsync($"/enheter/{tierp}/uppdrag/nytt?sok={Uri.EscapeDataString(lastName)}");
        Assert.Empty(search.QuerySelectorAll("input[name=PersonId]"));
        Assert.Contains("Ingen träff", search.Text());

        // And a hand-made post with an id from outside is refused with a message, not saved.
        var (_, own) = await client.GetPageAsync($"/enheter/{tierp}/uppdrag/nytt?sok=Åkesson");
        var typeId = await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Key == "ledamot").Select(t => t.Id).SingleAsync());
        var posted = await client.SubmitAsync(own, "main form[method=post]", own.FormValues("main form[method=post]",
            ("PersonId", outsider.ToString()), ("TypeId", typeId.ToString())));
        var page = await AppClient.ParseAsync(posted);
        Assert.Contains("finns inte bland dem du kan tillsätta uppdrag för", page.QuerySelector(".error-summary")!.TextContent);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Assignment>().AnyAsync(a => a.PersonId == outsider)));
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_refused_on_the_end_date_field()
    {
        await using var data = new CreatedData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var typeId = await data.AssignmentTypeAsync(CreatedData.Unique("Datumtest"));
        var lastName = CreatedData.Unique("Baklänges");
        var personId = await data.MemberAsync(tierp, "Bo", lastName);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (_, page) = await client.GetPageAsync($"/enheter/{tierp}/uppdrag/nytt?sok={Uri.EscapeDataString(lastName)}");

        var response = await client.SubmitAsync(page, "main form[method=post]", page.FormValues("main form[method=post]",
            ("PersonId", personId.ToString()), ("TypeId", typeId.ToString()), ("StartsOn", "2026-05-01"), ("EndsOn", "2026-04-30")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await AppClient.ParseAsync(response);
        Assert.Equal("Slutdatumet kan inte vara före startdatumet.", refused.QuerySelector("#ends-on-error")!.TextContent);
        Assert.Equal("true", refused.QuerySelector("#ends-on")!.GetAttribute("aria-invalid"));
        // What the user chose is still chosen.
        Assert.True(refused.QuerySelector($"input[name=PersonId][value='{personId}']")!.HasAttribute("checked"));
        Assert.Equal("2026-04-30", refused.QuerySelector("#ends-on")!.GetAttribute("value"));
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Assignment>().AnyAsync(a => a.PersonId == personId)));
    }

    [Fact]
    public async Task A_member_without_assignments_may_not_appoint()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var (response, _) = await client.GetPageAsync($"/enheter/{await factory.UnitIdAsync("Vänsterpartiet Uppsala")}/uppdrag/nytt");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
