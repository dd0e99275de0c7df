using System.Text.RegularExpressions;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Web;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Assignments;

/// <summary>
/// Appointing a person and ending the assignment, as the ombudsman and as an association's chair. Every
/// assignment made here is ended again (the app keeps ended assignments as history; it deletes none).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AppointTests(AppServer app)
{
    private static DateOnly Today => SwedishFormat.Today(TimeProvider.System);
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task Staff_appoints_from_today_and_an_end_before_the_start_is_refused()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await OpenAssociationAsync(page, "Vänsterpartiet Uppsala");
        var person = await HolderAsync(page, "Kassör");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true })));
        Assert.Equal("Tillsätt uppdrag", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();
        await SearchAsync(page, PartOf(person));
        await page.AssertAccessibleAsync();
        await ChooseAsync(page, person);
        await page.GetByLabel("Uppdrag", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ledamot" });
        // Today is filled in; an end date the day before is a mistake the form names.
        Assert.Equal(Iso(Today), await page.GetByLabel("Från och med").InputValueAsync());
        await page.GetByLabel("Till och med").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByLabel("Till och med").BlurAsync();
        await page.ScreenshotForGuideAsync("assignments-appoint.png");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Tillsätt", Exact = true }));
        Assert.Equal("Slutdatumet kan inte vara före startdatumet.", (await page.Locator("#ends-on-error").InnerTextAsync()).Trim());
        Assert.Equal("true", await page.GetByLabel("Till och med").GetAttributeAsync("aria-invalid"));
        // What was chosen is still chosen.
        Assert.True(await Candidate(page, person).IsCheckedAsync());
        Assert.Equal("Ledamot", (await page.GetByLabel("Uppdrag", new() { Exact = true }).Locator("option:checked").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-appoint-error.png");

        await page.GetByLabel("Till och med").FillAsync("");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Tillsätt", Exact = true })));
        Assert.Equal("Vänsterpartiet Uppsala", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal($"{person} är tillsatt som ledamot i Vänsterpartiet Uppsala.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        var row = Row(Section(page, "current-heading"), "Ledamot", person);
        Assert.Equal(["Ledamot", person, Iso(Today), "tills vidare"], (await row.Locator("td, th").AllInnerTextsAsync()).Take(4).Select(t => t.Trim()));

        // The same seat twice at the same time is refused.
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true }));
        await SearchAsync(page, PartOf(person));
        await ChooseAsync(page, person);
        await page.GetByLabel("Uppdrag", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ledamot" });
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Tillsätt", Exact = true }));
        Assert.Equal($"{person} har redan uppdraget ledamot i Vänsterpartiet Uppsala från {Iso(Today)} tills vidare.", (await page.Locator("#type-error").InnerTextAsync()).Trim());
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Avbryt", Exact = true }));

        // Ending it the day before it started is refused here too; ending it today is what is left.
        row = Row(Section(page, "current-heading"), "Ledamot", person);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(row.GetByRole(AriaRole.Link, new() { Name = $"Avsluta uppdraget för {person}", Exact = true })));
        Assert.Equal("Avsluta uppdrag", (await page.Locator("h1").InnerTextAsync()).Trim());
        var ends = page.GetByLabel("Sista dag för uppdraget");
        Assert.Equal(Iso(Today), await ends.InputValueAsync());
        await ends.FillAsync(Iso(Today.AddDays(-1)));
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Avsluta uppdraget", Exact = true }));
        Assert.Equal("Slutdatumet kan inte vara före startdatumet.", (await page.Locator("#ends-on-error").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();

        await ends.FillAsync(Iso(Today));
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Avsluta uppdraget", Exact = true })));
        Assert.Equal($"Uppdraget som ledamot för {person} gäller till och med {Iso(Today)}.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        row = Row(Section(page, "current-heading"), "Ledamot", person);
        Assert.Equal(Iso(Today), (await row.Locator("td").Nth(2).InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Staff_ends_an_assignment_yesterday_and_it_moves_to_the_ended_ones()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await OpenAssociationAsync(page, "Vänsterpartiet Uppsala");
        var person = await HolderAsync(page, "Sekreterare");

        // Registered afterwards: the assignment began at a meeting two weeks ago.
        var starts = Today.AddDays(-14);
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true }));
        await SearchAsync(page, PartOf(person));
        await ChooseAsync(page, person);
        await page.GetByLabel("Uppdrag", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Valberedare" });
        await page.GetByLabel("Från och med").FillAsync(Iso(starts));
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Tillsätt", Exact = true })));
        Assert.Equal(1, await Row(Section(page, "current-heading"), "Valberedare", person).CountAsync());
        Assert.Equal(0, await Row(Section(page, "ended-heading"), "Valberedare", person).CountAsync());

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(Row(Section(page, "current-heading"), "Valberedare", person)
            .GetByRole(AriaRole.Link, new() { Name = $"Avsluta uppdraget för {person}", Exact = true })));
        var facts = await page.Content().Locator("dl.facts").InnerTextAsync();
        Assert.Contains("Valberedare", facts);
        Assert.Contains(Iso(starts), facts);
        // The hint names yesterday, for when the permissions must go at once.
        Assert.Contains($"välj gårdagens datum ({Iso(Today.AddDays(-1))})", await page.Locator("#ends-on-hint").InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Sista dag för uppdraget").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByLabel("Sista dag för uppdraget").BlurAsync();
        await page.ScreenshotForGuideAsync("assignments-end.png");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Avsluta uppdraget", Exact = true })));

        Assert.Equal($"Uppdraget som valberedare för {person} gäller till och med {Iso(Today.AddDays(-1))}.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        Assert.Equal(0, await Row(Section(page, "current-heading"), "Valberedare", person).CountAsync());
        var ended = Row(Section(page, "ended-heading"), "Valberedare", person);
        Assert.Equal(["Valberedare", person, Iso(starts), Iso(Today.AddDays(-1))], (await ended.Locator("td, th").AllInnerTextsAsync()).Select(t => t.Trim()));
        // History only: an ended assignment cannot be ended again from the page.
        Assert.Equal(0, await ended.GetByRole(AriaRole.Link).CountAsync());
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Association_chair_on_a_phone_appoints_in_the_own_association()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.Chair);
        await OpenAssociationAsync(page, "Vänsterpartiet Tierp");
        // Before this test appoints anyone, so the guide's picture shows the demo as seeded.
        await page.ScreenshotForGuideAsync("units-details-chair-phone.png");
        var person = await HolderAsync(page, "Kassör");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Tillsätt uppdrag", Exact = true })));
        await page.AssertNoHorizontalOverflowAsync();
        await SearchAsync(page, PartOf(person));
        await ChooseAsync(page, person);
        await page.GetByLabel("Uppdrag", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Kontakt med Ung Vänster" });
        // District-only assignments are not offered in an association.
        Assert.Equal(0, await page.GetByLabel("Uppdrag", new() { Exact = true }).Locator("option", new() { HasText = "Ombudsman" }).CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-appoint-phone.png");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Tillsätt", Exact = true })));
        Assert.Equal($"{person} är tillsatt som kontakt med ung vänster i Vänsterpartiet Tierp.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        var row = Row(Section(page, "current-heading"), "Kontakt med Ung Vänster", person);
        Assert.Equal(1, await row.CountAsync());

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(row.GetByRole(AriaRole.Link, new() { Name = $"Avsluta uppdraget för {person}", Exact = true })));
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-end-phone.png");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Avsluta uppdraget", Exact = true })));
        Assert.Equal($"Uppdraget som kontakt med ung vänster för {person} gäller till och med {Iso(Today)}.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        // The association's page, with its tables of assignments, fits the phone as well.
        await page.AssertNoHorizontalOverflowAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Föreningar in the menu, then the association in the tree.</summary>
    private static async Task OpenAssociationAsync(IPage page, string name)
    {
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true })));
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().Locator(".unit-tree").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })));
        Assert.Equal(name, (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();
    }

    /// <summary>The name of someone the unit's page shows holding <paramref name="type"/> now.</summary>
    private static async Task<string> HolderAsync(IPage page, string type)
    {
        var row = Section(page, "current-heading").Locator("tbody tr").Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new Regex($"^{Regex.Escape(type)}$") }) }).First;
        return (await row.Locator("th").InnerTextAsync()).Trim();
    }

    /// <summary>What a person would type: the first name and the start of the last name ("Karin Lind").</summary>
    private static string PartOf(string fullName)
    {
        var parts = fullName.Split(' ', 2);
        return $"{parts[0]} {parts[1][..Math.Min(4, parts[1].Length)]}";
    }

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(text);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true })));
        Assert.Equal(text, await page.GetByLabel("Namn", new() { Exact = true }).InputValueAsync());
    }

    private static ILocator Candidate(IPage page, string person) =>
        page.Content().GetByRole(AriaRole.Radio, new() { NameRegex = new Regex($"^{Regex.Escape(person)}( |$)") }).First;

    private static async Task ChooseAsync(IPage page, string person) => await Candidate(page, person).CheckAsync();

    private static ILocator Section(IPage page, string headingId) => page.Content().Locator("section", new() { Has = page.Locator($"#{headingId}") });

    private static ILocator Row(ILocator section, string type, string person) => section.Locator("tbody tr")
        .Filter(new() { Has = section.Page.Locator("td:first-child", new() { HasTextRegex = new Regex($"^{Regex.Escape(type)}$") }) })
        .Filter(new() { Has = section.Page.GetByRole(AriaRole.Rowheader, new() { Name = person, Exact = true }) });
}
