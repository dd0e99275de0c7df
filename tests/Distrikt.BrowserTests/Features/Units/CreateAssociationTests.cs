using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Units;

/// <summary>
/// An app and database of their own for the tests that add units. The app cannot delete a unit, and the ombudsman
/// may add units only in the demo district, where the other browser tests count exactly eight associations
/// (the start page, signed in and not). Starts in parallel with the shared app, so it costs the run little time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UnitChangesCollection : ICollectionFixture<AppServer>
{
    public const string Name = "browser, units changed";
}

[Collection(UnitChangesCollection.Name)]
public sealed class CreateAssociationTests(AppServer app)
{
    [Fact]
    public async Task Staff_creates_an_association_for_a_free_municipality_and_renames_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Vänsterpartiet Test {suffix}";
        var renamed = $"Vänsterpartiet Provstad {suffix}";
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true })));

        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = $"Ny partiförening i {DemoSeeder.DistrictName}", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Ny partiförening", (await page.Locator("h1").InnerTextAsync()).Trim());
        // Every municipality of Uppsala county has its association: shown, but not to be chosen.
        var tierpBox = page.Content().GetByRole(AriaRole.Checkbox, new() { Name = "Tierp 0360 – Vänsterpartiet Tierp", Exact = true });
        Assert.True(await tierpBox.IsDisabledAsync());
        await page.AssertAccessibleAsync();

        // A municipality that another association already covers: refused, with who has it, on the field.
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(name);
        var codes = page.GetByLabel("Fler kommuner (kommunkoder)");
        await codes.FillAsync("0360");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Skapa", Exact = true }));
        const string taken = "Tierp (0360) ingår redan i Vänsterpartiet Tierp. En kommun kan bara höra till en partiförening.";
        Assert.Equal(taken, (await page.Locator("#other-codes-error").InnerTextAsync()).Trim());
        Assert.Equal("true", await codes.GetAttributeAsync("aria-invalid"));
        Assert.Contains(taken, await page.Locator(".error-summary").InnerTextAsync());
        Assert.Equal(name, await page.GetByLabel("Namn", new() { Exact = true }).InputValueAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("units-create-error.png");

        // A free municipality in another county (0180 Stockholm) is typed as its code.
        await codes.FillAsync("0180");
        response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Skapa", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal(name, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal($"Partiföreningen {name} är skapad.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        Assert.Contains("Stockholm", await page.Content().Locator("#facts-heading + dl").InnerTextAsync());
        await page.AssertAccessibleAsync();

        await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true }));
        var tree = page.Content().Locator(".unit-tree");
        Assert.True(await tree.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).IsVisibleAsync());
        Assert.Contains("Kommuner: Stockholm", await tree.Locator(".unit-node", new() { HasText = name }).InnerTextAsync());

        // Rename it from the tree.
        response = await page.ClickToPageAsync(tree.GetByRole(AriaRole.Link, new() { Name = $"Redigera {name}", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal($"Redigera {name}", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { Name = "Stockholm 0180", Exact = true }).IsCheckedAsync());
        Assert.Equal(DemoSeeder.DistrictName, (await page.GetByLabel("Ingår i").Locator("option:checked").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("units-edit.png");
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(renamed);
        response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal(renamed, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal($"Ändringarna i {renamed} är sparade.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());

        // The name of an association in the same district, in other letters' case, is refused.
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }));
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("vänsterpartiet tierp");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }));
        Assert.Equal("Det finns redan en enhet som heter Vänsterpartiet Tierp på samma plats i trädet.", (await page.Locator("#name-error").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();

        await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true }));
        Assert.True(await page.Content().Locator(".unit-tree").GetByRole(AriaRole.Link, new() { Name = renamed, Exact = true }).IsVisibleAsync());
        Assert.Equal(0, await page.Content().Locator(".unit-tree").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).CountAsync());
        await page.Context.CloseAsync();
    }
}
