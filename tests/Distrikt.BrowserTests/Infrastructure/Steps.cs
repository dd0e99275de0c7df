using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Infrastructure;

/// <summary>What a person does and notices in the browser, as reusable steps with assertions.</summary>
public static class Steps
{
    /// <summary>Headings of the app's error page (Features/Shared/Error.cshtml): a page showing one of them did not work.</summary>
    private static readonly string[] ErrorHeadings = ["Något gick fel", "Felaktig begäran", "Åtkomst nekad", "Sidan finns inte", "För många försök"];

    public static ILocator Content(this IPage page) => page.Locator("main");

    public static ILocator MainNav(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });

    /// <summary>Clicks a link or button that loads a new page; returns the response that page came with (after any redirects).</summary>
    public static async Task<IResponse> ClickToPageAsync(this IPage page, ILocator target)
    {
        var response = page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await target.ClickAsync();
        var result = await response;
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return result;
    }

    /// <summary>The main menu's links as the page has them, so pages added later are walked too.</summary>
    public static async Task<IReadOnlyList<string>> MenuLinksAsync(this IPage page)
    {
        var hrefs = await page.MainNav().Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(hrefs);
        return hrefs;
    }

    /// <summary>Signs in with the account's one-click demo button on the sign-in page, and waits for the start page.</summary>
    public static async Task SignInAsDemoAsync(this IPage page, DemoAccount account)
    {
        await page.GotoAsync("/logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Logga in som {account.FirstName} {account.LastName}", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await AssertSignedInAsync(page);
    }

    public static async Task AssertSignedInAsync(IPage page)
    {
        Assert.True(await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).IsVisibleAsync(),
            $"Ingen Logga ut-knapp i sidhuvudet på {page.Url}: inte inloggad.");
    }

    /// <summary>The page is a real page of the app: a successful response, one visible h1, and not the error page.</summary>
    public static async Task AssertWorkingPageAsync(this IPage page, IResponse? response)
    {
        Assert.NotNull(response);
        Assert.True(response.Ok, $"{page.Url} svarade {response.Status}.");
        var h1 = page.Locator("h1");
        var headings = await h1.CountAsync();
        Assert.True(headings == 1, $"{page.Url} har {headings} h1-rubriker, inte en.");
        Assert.True(await h1.IsVisibleAsync(), $"Rubriken på {page.Url} syns inte.");
        var heading = (await h1.InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(heading), $"Tom h1 på {page.Url}.");
        Assert.DoesNotContain(heading, ErrorHeadings);
    }

    /// <summary>Runs axe-core on the page as it is now; serious and critical problems fail the test and are listed.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        // The "legacy" run evaluates axe in the page in one go. The default run finishes in a new, blank page
        // to guard against pages that tamper with axe; ours don't, have no iframes, and the extra page made
        // each scan five times slower (2 s instead of 0.4 s), which the two-minute budget of this suite can't afford.
#pragma warning disable CS0618
        var result = await page.RunAxeLegacy(null, new AxeRunOptions { ResultTypes = [ResultType.Violations], Iframes = false });
#pragma warning restore CS0618
        // DISTRIKT_AXE_LOG=<file> also lists the minor and moderate findings, for a review by hand.
        var log = Environment.GetEnvironmentVariable("DISTRIKT_AXE_LOG");
        if (!string.IsNullOrEmpty(log)) File.AppendAllText(log, $"{page.Url}\n{Describe(result.Violations)}\n");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"Tillgänglighetsfel på {page.Url}:\n" + Describe(serious));
    }

    public static string Describe(IEnumerable<AxeResultItem> violations) => string.Join('\n', violations.Select(v =>
        $"  {v.Id} ({v.Impact}): {v.Help}\n" + string.Join('\n', v.Nodes.Take(10).Select(n => $"    {n.Target}  {Shorten(n.Html)}"))));

    private static string Shorten(string? html) => html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";

    /// <summary>Page width beyond the viewport means sideways scrolling on a phone.</summary>
    public static async Task AssertNoHorizontalOverflowAsync(this IPage page)
    {
        var viewport = page.ViewportSize!.Width;
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > viewport)
        {
            // Name what sticks out, leaving out what sits inside its own scroll box (wide tables, the menu).
            var culprits = await page.EvaluateAsync<string[]>("""
                (vw) => {
                    const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                        if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
                    return [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > vw + 1 && !scrolls(e))
                        .slice(-6)
                        .map(e => name(e) + ' "' + (e.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(e.getBoundingClientRect().right));
                }
                """, viewport);
            Assert.Fail($"{page.Url} är {scrollWidth} px bred i en {viewport} px bred skärm: {string.Join(", ", culprits)}");
        }
    }

    /// <summary>
    /// A full-page screenshot for the user guide in docs/images, written only when DISTRIKT_SCREENSHOTS=1 so that
    /// ordinary test runs leave the work tree alone.
    /// </summary>
    public static async Task ScreenshotForGuideAsync(this IPage page, string fileName)
    {
        if (Environment.GetEnvironmentVariable("DISTRIKT_SCREENSHOTS") != "1") return;
        var folder = Path.Combine(AppServer.RepositoryRoot, "docs", "images");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, fileName), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }
}
