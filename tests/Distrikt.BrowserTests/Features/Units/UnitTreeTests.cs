using System.Text.RegularExpressions;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Units;

/// <summary>Reading the unit tree and a unit's page: what the ombudsman and an association's chair see. Changes nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UnitTreeTests(AppServer app)
{
    [Fact]
    public async Task Staff_finds_the_tree_in_the_menu_and_opens_an_association()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true })));
        Assert.Equal("Föreningar", (await page.Locator("h1").InnerTextAsync()).Trim());

        var tree = page.Content().Locator(".unit-tree");
        Assert.True(await tree.GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).IsVisibleAsync());
        Assert.True(await tree.GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Tierp", Exact = true }).IsVisibleAsync());
        Assert.Contains("Kommuner: Tierp", await tree.InnerTextAsync());
        // The ombudsman manages the district: a way to add an association under it, and to edit each association.
        Assert.True(await tree.GetByRole(AriaRole.Link, new() { Name = $"Ny partiförening i {DemoSeeder.DistrictName}", Exact = true }).IsVisibleAsync());
        Assert.True(await tree.GetByRole(AriaRole.Link, new() { Name = "Redigera Vänsterpartiet Tierp", Exact = true }).IsVisibleAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("units-tree.png");

        // Enköping: no test appoints there, so the guide's picture shows the demo as seeded.
        var response = await page.ClickToPageAsync(tree.GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Enköping", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Vänsterpartiet Enköping", (await page.Locator("h1").InnerTextAsync()).Trim());
        var facts = await page.Content().Locator("#facts-heading + dl").InnerTextAsync();
        Assert.Contains("Partiförening", facts);
        Assert.Contains(DemoSeeder.DistrictName, facts);
        Assert.True(await page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true }).IsVisibleAsync());
        Assert.True(await CurrentAssignments(page).Locator("tbody tr").CountAsync() > 0, "Inga nuvarande uppdrag i Vänsterpartiet Enköping.");
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("units-details.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Association_chair_on_a_phone_opens_only_the_own_association()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.Chair);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true })));
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();

        var tree = page.Content().Locator(".unit-tree");
        // Names and counts of every association are public; only the chair's own association opens.
        Assert.Contains("Vänsterpartiet Uppsala", await tree.InnerTextAsync());
        Assert.Equal(0, await tree.GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Uppsala", Exact = true }).CountAsync());
        Assert.Equal(0, await tree.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^(Redigera|Ny partiförening)") }).CountAsync());
        await page.ScreenshotForGuideAsync("units-tree-chair-phone.png");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(tree.GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Tierp", Exact = true })));
        Assert.Equal("Vänsterpartiet Tierp", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await CurrentAssignments(page).GetByRole(AriaRole.Rowheader, new() { Name = $"{DemoSeeder.Chair.FirstName} {DemoSeeder.Chair.LastName}", Exact = true }).IsVisibleAsync());
        Assert.True(await page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true }).IsVisibleAsync());
        // Appointing is the chair's, editing the association is the district's.
        Assert.Equal(0, await page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }).CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    private static ILocator CurrentAssignments(IPage page) => page.Content().Locator("section", new() { Has = page.Locator("#current-heading") });
}
