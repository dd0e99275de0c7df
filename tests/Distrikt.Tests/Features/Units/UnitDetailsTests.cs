using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Features.Units;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnitDetailsTests(DistriktFactory factory)
{
    [Fact]
    public async Task Assignments_are_split_into_current_coming_and_ended_and_the_view_is_audit_logged()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Detaljvy"), null, [.. codes]);
        var today = UnitTestExtensions.Today;
        var current = await data.MemberAsync(unitId, "Greta", CreatedData.Unique("Nuvarande"));
        var coming = await data.MemberAsync(unitId, "Gösta", CreatedData.Unique("Kommande"));
        var ended = await data.MemberAsync(unitId, "Gun", CreatedData.Unique("Avslutad"));
        await data.AssignAsync(current, unitId, "kassor", today.AddMonths(-2));
        await data.AssignAsync(coming, unitId, "sekreterare", today.AddDays(14));
        await data.AssignAsync(ended, unitId, "ordforande", today.AddYears(-2), today.AddDays(-1));

        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (response, page) = await client.GetPageAsync($"/enheter/{unitId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        string Section(string headingId) => page.QuerySelector($"section[aria-labelledby='{headingId}']")!.TextContent;
        Assert.Contains("Nuvarande", Section("current-heading"));
        Assert.Contains("Kassör", Section("current-heading"));
        Assert.DoesNotContain("Avslutad", Section("current-heading"));
        Assert.Contains("Kommande", Section("future-heading"));
        Assert.Contains("Avslutad", Section("ended-heading"));
        Assert.Contains(Distrikt.Infrastructure.Web.SwedishFormat.Date(today.AddDays(-1)), Section("ended-heading"));
        Assert.Contains(Distrikt.Features.Units.MunicipalityCoverage.Name(codes[0]), page.QuerySelector("dl.facts")!.TextContent);

        var views = await factory.AuditEntriesAsync("Enhet", unitId.ToString());
        var view = Assert.Single(views, e => e.Action == AuditAction.View);
        Assert.Equal("Maria Sandberg", view.ActorName);
        Assert.DoesNotContain("@", view.Summary);
    }

    [Fact]
    public async Task A_board_member_without_the_right_to_see_people_is_refused()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.BoardMember.Email);
        var (response, page) = await client.GetPageAsync($"/enheter/{await factory.DistrictIdAsync()}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Åtkomst nekad", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_chair_sees_their_own_board_but_not_another_association()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (own, ownPage) = await client.GetPageAsync($"/enheter/{await factory.UnitIdAsync("Vänsterpartiet Tierp")}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Johan Åkesson", ownPage.QuerySelector("section[aria-labelledby='current-heading']")!.TextContent);
        Assert.NotNull(ownPage.QuerySelector("a[href$='/uppdrag/nytt']"));

        var (other, _) = await client.GetPageAsync($"/enheter/{await factory.UnitIdAsync("Vänsterpartiet Uppsala")}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}
