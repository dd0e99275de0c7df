using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Home;

[Collection(BrowserCollection.Name)]
public sealed class StartPageTests(AppServer app)
{
    [Fact]
    public async Task Anonymous_visitor_sees_the_district_and_a_way_to_sign_in()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/");
        await page.AssertWorkingPageAsync(response);
        Assert.Equal(DemoSeeder.DistrictName, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(8, await page.Content().Locator(".chips li").CountAsync());
        Assert.Equal(0, await page.MainNav().CountAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("start-anonymous.png");

        await page.Content().GetByRole(AriaRole.Link, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/logga-in");
        Assert.Equal("Logga in", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator(":focus");
        Assert.Equal("Hoppa till innehållet", (await skip.InnerTextAsync()).Trim());
        // Hidden off-screen until focused; a keyboard user must see where focus is.
        var box = await skip.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0, $"Hoppa-länken syns inte när den har fokus (x={box.X}, y={box.Y}).");

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'innehall'");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.tagName.toLowerCase()"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_start_and_sign_in_pages_fit_the_screen()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.AssertWorkingPageAsync(await page.GotoAsync("/"));
        await page.AssertNoHorizontalOverflowAsync();

        await page.AssertWorkingPageAsync(await page.GotoAsync("/logga-in"));
        await page.AssertNoHorizontalOverflowAsync();
        await page.ScreenshotForGuideAsync("sign-in.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Association_chair_on_a_phone_sees_the_association_and_every_menu_page_fits_the_screen()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.Chair);
        Assert.True(await page.Content().GetByRole(AriaRole.Heading, new() { Name = "Vänsterpartiet Tierp", Exact = true }).IsVisibleAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.ScreenshotForGuideAsync("start-chair-phone.png");

        foreach (var href in await page.MenuLinksAsync())
        {
            var response = await page.ClickToPageAsync(page.MainNav().Locator($"a[href='{href}']"));
            await page.AssertWorkingPageAsync(response);
            await page.AssertNoHorizontalOverflowAsync();
        }
        await page.Context.CloseAsync();
    }
}
