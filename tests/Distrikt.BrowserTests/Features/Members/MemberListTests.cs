using System.Text.RegularExpressions;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Members;

/// <summary>
/// The ombudsman finds a member: the menu, a filter, a search, the person's page and back to the same list —
/// on a wide screen and on a phone. Reads only; the views it causes go to the audit log like any others.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MemberListTests(AppServer app)
{
    [Fact]
    public async Task Staff_filters_searches_and_opens_a_member_on_a_wide_screen() =>
        await FindAMemberAsync(await app.NewPageAsync(), "");

    [Fact]
    public async Task Staff_filters_searches_and_opens_a_member_on_a_phone() =>
        await FindAMemberAsync(await app.NewPageAsync(390, 844, phone: true), "-phone");

    private static async Task FindAMemberAsync(IPage page, string suffix)
    {
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Medlemmar", Exact = true })));
        Assert.Equal($"Medlemmar i {DemoSeeder.DistrictName}", Squeeze(await page.Locator("h1").InnerTextAsync()));
        Assert.Equal("page", await page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Medlemmar", Exact = true }).GetAttributeAsync("aria-current"));
        Assert.Matches(@"^[\d\s]+ personer$", await Count(page).InnerTextAsync());
        Assert.Equal(50, await Rows(page).CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();

        // Narrow to one association: every row is from it, and the choice stays in the form.
        var filters = page.GetByRole(AriaRole.Search, new() { Name = "Sök och filtrera medlemmar" });
        await filters.GetByLabel("Förening").SelectOptionAsync(new SelectOptionValue { Label = "Vänsterpartiet Uppsala" });
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(filters.GetByRole(AriaRole.Button, new() { Name = "Visa", Exact = true })));
        Assert.Contains("forening=", page.Url);
        // On a phone each cell says what it is ("Förening: …"); on a wide screen the column heading does.
        var units = (await page.Locator("td.member-unit").AllInnerTextsAsync()).Select(u => Squeeze(u).Replace("Förening: ", "")).Distinct().ToList();
        Assert.Equal(["Vänsterpartiet Uppsala"], units);

        // Search for the first person's last name, typed in lower case: the association filter is kept.
        var firstName = Squeeze(await Rows(page).First.Locator("th.member-name a").InnerTextAsync());
        var lastName = firstName.Split(", ")[0];
        await filters.GetByLabel("Sök", new() { Exact = true }).FillAsync(lastName.ToLowerInvariant());
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(filters.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true })));
        Assert.Contains("forening=", page.Url);
        Assert.Contains("q=", page.Url);
        var names = (await page.Locator("tbody th.member-name a").AllInnerTextsAsync()).Select(Squeeze).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains(lastName.ToLowerInvariant(), n.ToLowerInvariant()));
        Assert.Equal("Vänsterpartiet Uppsala", (await filters.GetByLabel("Förening").Locator("option:checked").InnerTextAsync()).Trim());

        // The rarer filters sit behind "Fler filter", which opens without JavaScript (a details element).
        await filters.Locator("summary", new() { HasText = "Fler filter" }).ClickAsync();
        Assert.True(await filters.GetByLabel("Medlemsavgift").IsVisibleAsync());
        Assert.True(await filters.GetByLabel("Har uppdraget").IsVisibleAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync($"members-search{suffix}.png");

        // The person's page, and back to the very same list.
        var phone = Rows(page).First.Locator("td.member-phone a");
        if (await phone.CountAsync() > 0) Assert.StartsWith("tel:+46", await phone.GetAttributeAsync("href"));
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(Rows(page).First.Locator("th.member-name a")));
        var parts = names[0].Split(", ");
        Assert.Equal($"{parts[1]} {parts[0]}", Squeeze(await page.Locator("h1").InnerTextAsync()));
        Assert.True(await page.Content().GetByRole(AriaRole.Heading, new() { Name = "Medlemskap", Exact = true }).IsVisibleAsync());
        Assert.Matches(new Regex(@"\d{8}-\*{4}|okänt"), await page.Locator("#facts-heading + dl").InnerTextAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync($"members-person{suffix}.png");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.GetByRole(AriaRole.Link, new() { Name = "‹ Tillbaka till medlemslistan" })));
        Assert.Equal(lastName.ToLowerInvariant(), await page.GetByRole(AriaRole.Search).GetByLabel("Sök", new() { Exact = true }).InputValueAsync());
        Assert.Contains("forening=", page.Url);
        await page.Context.CloseAsync();
    }

    private static ILocator Rows(IPage page) => page.Locator("table.member-table tbody tr");

    private static ILocator Count(IPage page) => page.Locator(".result-count strong");

    private static string Squeeze(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
