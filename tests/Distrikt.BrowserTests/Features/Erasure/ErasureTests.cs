using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Erasure;

/// <summary>
/// The ombudsman looks at what erasing a member would do and at the district's retention rule. Reads only: the demo
/// district is shared by every browser test, so nothing is erased here (the integration tests erase their own people).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ErasureTests(AppServer app)
{
    [Theory]
    [InlineData(1280, 900, false, "")]
    [InlineData(390, 844, true, "-phone")]
    public async Task Staff_sees_what_an_erasure_removes_and_the_retention_rule(int width, int height, bool phone, string suffix)
    {
        var page = await app.NewPageAsync(width, height, phone);
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.GotoAsync("/medlemmar");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Locator("table.member-table tbody th.member-name a").First));
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.GetByRole(AriaRole.Link, new() { Name = "Radera personen" })));
        Assert.StartsWith("Radera ", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Det här sparas" }).IsVisibleAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync($"erase-person{suffix}.png");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Avbryt" }));

        await page.GotoAsync("/enheter");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        var districtUrl = page.Url.Split('?')[0].TrimEnd('/');
        await page.AssertWorkingPageAsync(await page.GotoAsync(districtUrl + "/gallring"));
        Assert.Contains("730 dagar", await page.Locator("section[aria-labelledby='rule-heading']").InnerTextAsync());
        Assert.Equal(3, await page.Locator(".retention-due .stat-value").CountAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Kör nu" }).IsVisibleAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync($"retention{suffix}.png");
        await page.Context.CloseAsync();
    }
}
