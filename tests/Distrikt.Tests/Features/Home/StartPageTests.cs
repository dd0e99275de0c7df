using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Features.Home;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StartPageTests(DistriktFactory factory)
{
    [Fact]
    public async Task Anonymous_visitor_sees_the_district_and_its_associations_in_swedish_order()
    {
        using var client = new AppClient(factory);
        var (response, page) = await client.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DemoSeeder.DistrictName, page.QuerySelector("h1")!.TextContent.Trim());
        var names = page.QuerySelectorAll(".chips li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(8, names.Count);
        // Å, Ä, Ö come after Z: Älvkarleby and Östhammar close the list.
        Assert.Equal(["Vänsterpartiet Älvkarleby", "Vänsterpartiet Östhammar"], names[^2..]);
        Assert.Contains("Logga in", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task District_staff_sees_every_association_with_member_counts_and_vacancies()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, page) = await client.GetPageAsync("/");
        Assert.Contains("Hej Maria!", page.QuerySelector("h1")!.TextContent);
        var rows = page.QuerySelectorAll("table tbody tr").ToList();
        Assert.Equal(8, rows.Count);
        var alvkarleby = rows.Single(r => r.TextContent.Contains("Älvkarleby"));
        Assert.Contains("Ordförande", alvkarleby.QuerySelector(".badge")!.TextContent);
        Assert.True(int.Parse(rows.Single(r => r.TextContent.Contains("Vänsterpartiet Uppsala")).QuerySelectorAll("td")[0].TextContent.Replace("\u00a0", "").Trim()) > 10);
    }

    [Fact]
    public async Task Association_chair_sees_their_own_association_not_the_district()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (_, page) = await client.GetPageAsync("/");
        var headings = page.QuerySelectorAll("section.card h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Vänsterpartiet Tierp", headings);
        Assert.DoesNotContain("Vänsterpartiet Uppsala", headings);
        // The association's own overview: its figures and a link to its board, not a table of one association.
        var tierp = page.QuerySelectorAll("section.card").Single(s => s.QuerySelector("h2")!.TextContent.Trim() == "Vänsterpartiet Tierp");
        Assert.Null(tierp.QuerySelector("table"));
        Assert.Contains("medlemmar", tierp.TextContent);
        Assert.NotNull(tierp.QuerySelector("a[href^='/enheter/']"));
    }

    [Fact]
    public async Task Member_sees_their_membership_and_no_overview()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var (_, page) = await client.GetPageAsync("/");
        Assert.Contains("Medlem i Vänsterpartiet Uppsala", page.QuerySelector("main")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("table"));
        // The member's treasurer assignment ended three months ago: it gives nothing.
        Assert.DoesNotContain("kassör", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_board_member_sees_district_figures_without_names_or_links_that_would_be_refused()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.BoardMember.Email);
        var (_, page) = await client.GetPageAsync("/");
        var rows = page.QuerySelectorAll("table tbody tr").ToList();
        Assert.Equal(8, rows.Count);
        Assert.Empty(page.QuerySelectorAll("table a[href^='/enheter/']"));
        Assert.DoesNotContain("Ordförande", page.QuerySelector("table thead")!.TextContent);
        Assert.DoesNotContain("Uppdrag som löper ut", page.QuerySelector("main")!.TextContent);
    }
}
