using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Liaisons;

/// <summary>
/// Faddersystemet in the browser: the demo board member, liaison for Enköping whose contact is overdue, logs a contact
/// on a phone and the flag goes; the ombudsman reads the overview and an association's liaisons at a desk.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiaisonTests(AppServer app)
{
    private const string Overdue = "Vänsterpartiet Enköping";

    private static ILocator MyAssociations(IPage page) =>
        page.Content().Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Dina föreningar", Exact = true }) });

    [Fact]
    public async Task A_liaison_sees_the_overdue_flag_logs_a_contact_on_a_phone_and_the_flag_goes()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.BoardMember);
        var item = MyAssociations(page).Locator("li", new() { HasText = Overdue });
        Assert.Contains("Försenad", await item.InnerTextAsync());
        // Overdue ones first.
        Assert.Contains(Overdue, await MyAssociations(page).Locator("li").First.InnerTextAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("liaisons-start-phone.png");

        var response = await page.ClickToPageAsync(item.GetByRole(AriaRole.Link, new() { Name = $"Logga kontakt med {Overdue}", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Fadderkontakter", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.Locator(".liaison-overdue").IsVisibleAsync());
        await page.GetByLabel("Telefon", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Anteckning").FillAsync("Ringde ordföranden. Valberedningen är på plats.");
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("liaisons-log-phone.png");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Logga kontakten", Exact = true })));
        Assert.StartsWith($"Kontakten med {Overdue}", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator(".liaison-overdue").CountAsync());
        Assert.Contains("Valberedningen är på plats.", await page.Locator(".contact-log li").First.InnerTextAsync());
        await page.AssertAccessibleAsync();

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Start", Exact = true })));
        Assert.DoesNotContain("Försenad", await MyAssociations(page).Locator("li", new() { HasText = Overdue }).InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Staff_open_the_overview_from_the_district_page_and_an_associations_liaisons()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.GotoAsync("/enheter");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Faddersystemet", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Faddersystemet", (await page.Locator("h1").InnerTextAsync()).Trim());
        // Associations nobody looks after come first.
        var first = page.Content().Locator(".liaison-list > li").First;
        Assert.Contains("Saknar fadder och kontaktperson", await first.InnerTextAsync());
        Assert.Contains("Vänsterpartiet Älvkarleby", await first.InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("liaisons-overview.png");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link,
            new() { Name = "Ändra faddrar och kontaktperson för Vänsterpartiet Enköping", Exact = true })));
        Assert.Equal("Faddrar och kontaktperson", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("liaisons-manage.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_board_member_reads_the_overview_on_a_phone()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.BoardMember);
        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Alla föreningar och deras faddrar", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal(8, await page.Content().Locator(".liaison-list > li").CountAsync());
        // Reading only: no forms to assign for someone who may not appoint.
        Assert.Equal(0, await page.Content().Locator("form").CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("liaisons-overview-phone.png");
        await page.Context.CloseAsync();
    }
}
