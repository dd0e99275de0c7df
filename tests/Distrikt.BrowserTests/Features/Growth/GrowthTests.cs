using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Growth;

[Collection(BrowserCollection.Name)]
public sealed class GrowthTests(AppServer app)
{
    [Theory]
    [InlineData(1280, 900, false)]
    [InlineData(390, 844, true)]
    public async Task Staff_open_the_districts_growth_from_its_page_and_read_chart_and_numbers(int width, int height, bool phone)
    {
        var page = await app.NewPageAsync(width, height, phone);
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.GotoAsync(app.BaseUrl + "/enheter");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Medlemsutveckling", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Medlemsutveckling", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(2, await page.Locator("svg.chart[role=img]").CountAsync());
        Assert.Equal(24, await page.Content().Locator("tbody tr").CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync(phone ? "growth-phone.png" : "growth.png");
    }
}
