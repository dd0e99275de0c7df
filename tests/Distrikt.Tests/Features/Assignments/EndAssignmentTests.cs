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
public sealed class EndAssignmentTests(DistriktFactory factory)
{
    [Fact]
    public async Task Ending_an_assignment_takes_away_its_permissions()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var name = CreatedData.Unique("Vänsterpartiet Avslut");
        var unitId = await data.AssociationAsync(name, null, codes[0]);
        var chairEmail = await factory.PersonWithAccountAsync(name, "ordforande", lastName: CreatedData.Unique("Ordförandesson"));
        var assignmentId = await factory.WithDbAsync((db, _) => db.Set<Assignment>().Where(a => a.UnitId == unitId).Select(a => a.Id).SingleAsync());

        using var chair = new AppClient(factory);
        await chair.SignInWithLinkAsync(chairEmail);
        var (before, _) = await chair.GetPageAsync($"/enheter/{unitId}");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await staff.GetPageAsync($"/enheter/{unitId}/uppdrag/{assignmentId}/avsluta");
        Assert.Equal(SwedishFormat.Date(UnitTestExtensions.Today), form.QuerySelector("#ends-on")!.GetAttribute("value"));
        var yesterday = SwedishFormat.Date(UnitTestExtensions.Today.AddDays(-1));
        var response = await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("EndsOn", yesterday)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, details) = await staff.GetPageAsync($"/enheter/{unitId}");
        Assert.Contains("Ordförandesson", details.QuerySelector("section[aria-labelledby='ended-heading']")!.TextContent);
        Assert.DoesNotContain("Ordförandesson", details.QuerySelector("section[aria-labelledby='current-heading']")!.TextContent);

        var (after, page) = await chair.GetPageAsync($"/enheter/{unitId}");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal("Åtkomst nekad", page.QuerySelector("h1")!.TextContent);

        var change = Assert.Single(await factory.AuditEntriesAsync("Uppdrag", assignmentId.ToString()), e => e.Action == AuditAction.Change);
        Assert.Contains(yesterday, change.Summary);
        Assert.Contains(name, change.Summary);
    }

    [Fact]
    public async Task An_assignment_of_another_unit_is_not_found_through_this_unit()
    {
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var uppsalaAssignment = await factory.WithDbAsync((db, _) => db.Set<Assignment>().Where(a => a.UnitId == uppsala).Select(a => a.Id).FirstAsync());
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (response, _) = await client.GetPageAsync($"/enheter/{tierp}/uppdrag/{uppsalaAssignment}/avsluta");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var other = await client.Http.GetAsync($"/enheter/{uppsala}/uppdrag/{uppsalaAssignment}/avsluta");
        Assert.True(other.StatusCode == HttpStatusCode.Redirect && other.Headers.Location!.ToString().Contains("/atkomst-nekad"));
    }

    [Fact]
    public async Task An_end_date_before_the_start_is_refused_and_nothing_changes()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Tidig"), null, codes[0]);
        var person = await data.MemberAsync(unitId, "Tove", CreatedData.Unique("Tidigsson"));
        var start = UnitTestExtensions.Today.AddDays(-3);
        var assignmentId = await data.AssignAsync(person, unitId, "kassor", start);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{unitId}/uppdrag/{assignmentId}/avsluta");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("EndsOn", SwedishFormat.Date(start.AddDays(-1)))));
        var page = await AppClient.ParseAsync(response);
        Assert.Equal("Slutdatumet kan inte vara före startdatumet.", page.QuerySelector("#ends-on-error")!.TextContent);
        Assert.Null(await factory.WithDbAsync((db, _) => db.Set<Assignment>().Where(a => a.Id == assignmentId).Select(a => a.EndsOn).SingleAsync()));
    }
}
