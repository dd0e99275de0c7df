using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Features.Units;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnitTreeTests(DistriktFactory factory)
{
    [Fact]
    public async Task A_member_sees_the_tree_with_municipalities_and_member_counts_in_swedish_order_but_no_links_to_people()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var (response, page) = await client.GetPageAsync("/enheter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var district = page.QuerySelectorAll(".unit-tree li").First(li => li.QuerySelector(".unit-name")!.TextContent == DemoSeeder.DistrictName);
        var associations = district.QuerySelector("ul")!.Children.Select(li => li.QuerySelector(".unit-name")!.TextContent).ToList();
        Assert.Equal(8, associations.Count);
        Assert.Equal(["Vänsterpartiet Älvkarleby", "Vänsterpartiet Östhammar"], associations[^2..]);
        var tierp = district.QuerySelectorAll("li").First(li => li.QuerySelector(".unit-name")!.TextContent == "Vänsterpartiet Tierp");
        Assert.Contains("Kommuner: Tierp", tierp.TextContent);
        Assert.Matches(@"\d+ medlem", tierp.TextContent);

        // A member may not see who holds which assignment, so the tree offers no way in, and no way to change it.
        Assert.Empty(page.QuerySelectorAll(".unit-tree a"));
        Assert.DoesNotContain("Ny partiförening", page.Text());
    }

    [Fact]
    public async Task District_staff_can_open_every_unit_of_the_district_and_create_associations()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, page) = await client.GetPageAsync("/enheter");
        var districtId = await factory.DistrictIdAsync();
        var tierpId = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        Assert.NotNull(page.QuerySelector($"a[href='/enheter/{districtId}/ny']"));
        Assert.Contains("Ny partiförening", page.QuerySelector($"a[href='/enheter/{districtId}/ny']")!.TextContent);
        Assert.NotNull(page.QuerySelector($"a[href='/enheter/{tierpId}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/enheter/{tierpId}/redigera']"));
    }

    [Fact]
    public async Task The_chair_of_an_association_can_open_only_their_own()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (_, page) = await client.GetPageAsync("/enheter");
        var links = page.QuerySelectorAll(".unit-tree a.unit-name").Select(a => a.TextContent).ToList();
        Assert.Equal(["Vänsterpartiet Tierp"], links);
    }
}
