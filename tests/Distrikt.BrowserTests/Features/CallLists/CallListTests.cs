using System.Text.RegularExpressions;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.CallLists;

/// <summary>An app of its own: calls are recorded and people leave queues, which the other browser tests count.</summary>
[CollectionDefinition(Name)]
public sealed class CallListCollection : ICollectionFixture<AppServer>
{
    public const string Name = "browser, call lists worked";
}

/// <summary>
/// The ombudsman makes a call list of Uppsala's contacts to recruit with the demo board member as caller; the board
/// member works it on a phone — the number as a link, an outcome, the next person, a skip — and the ombudsman
/// follows the result. Every page passes axe and fits the screen.
/// </summary>
[Collection(CallListCollection.Name)]
public sealed class CallListTests(AppServer app)
{
    [Fact]
    public async Task A_list_is_made_and_worked_on_a_phone()
    {
        var owner = await app.NewPageAsync(390, 844, phone: true);
        await owner.SignInAsDemoAsync(DemoSeeder.Staff);
        await owner.ClickToPageAsync(owner.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true }));
        await owner.ClickToPageAsync(owner.Content().GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Uppsala", Exact = true }).First);
        await owner.AssertWorkingPageAsync(await owner.ClickToPageAsync(owner.Content().GetByRole(AriaRole.Link, new() { Name = "Ringlistor", Exact = true })));
        // The demo's welcome list is under way.
        Assert.True(await owner.Content().GetByRole(AriaRole.Link, new() { Name = "Välkomstsamtal till nya medlemmar" }).IsVisibleAsync());
        await owner.AssertNoHorizontalOverflowAsync();
        await owner.AssertAccessibleAsync();
        await owner.ScreenshotForGuideAsync("call-lists-phone.png");

        await owner.AssertWorkingPageAsync(await owner.ClickToPageAsync(owner.Content().GetByRole(AriaRole.Link, new() { Name = "Att rekrytera (kontakter som inte gått med än)" })));
        Assert.Equal("Ny ringlista", (await owner.Locator("h1").InnerTextAsync()).Trim());
        var count = Regex.Match(await owner.Locator(".call-preview-count").InnerTextAsync(), @"\d+").Value;
        Assert.NotEqual("0", count);
        await owner.GetByLabel("Namn", new() { Exact = true }).FillAsync("Rekryteringssamtal efter bokbordet");
        await owner.GetByLabel("Vad ska ringarna säga?").FillAsync("Tacka för samtalet vid bokbordet och fråga om hen vill bli medlem. Berätta om nästa medlemsmöte.");
        await owner.GetByRole(AriaRole.Checkbox, new() { Name = $"{DemoSeeder.BoardMember.FirstName} {DemoSeeder.BoardMember.LastName}" }).CheckAsync();
        await owner.AssertNoHorizontalOverflowAsync();
        await owner.AssertAccessibleAsync();
        await owner.ScreenshotForGuideAsync("call-list-new-phone.png");
        await owner.AssertWorkingPageAsync(await owner.ClickToPageAsync(owner.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Skapa ringlista") })));
        Assert.Equal("Rekryteringssamtal efter bokbordet", (await owner.Locator("h1").InnerTextAsync()).Trim());
        var listUrl = owner.Url;

        // The caller, on a phone: the menu leads to the lists, one person at a time.
        var caller = await app.NewPageAsync(390, 844, phone: true);
        await caller.SignInAsDemoAsync(DemoSeeder.BoardMember);
        await caller.AssertWorkingPageAsync(await caller.ClickToPageAsync(caller.MainNav().GetByRole(AriaRole.Link, new() { Name = "Ringlistor", Exact = true })));
        await caller.AssertAccessibleAsync();
        await caller.ScreenshotForGuideAsync("call-lists-mine-phone.png");
        await caller.AssertWorkingPageAsync(await caller.ClickToPageAsync(caller.Content().GetByRole(AriaRole.Link, new() { Name = "Börja ringa från Rekryteringssamtal efter bokbordet" })));
        var first = (await caller.Locator("#person-name").InnerTextAsync()).Trim();
        Assert.StartsWith("tel:+46", await caller.Locator("a.call-phone").GetAttributeAsync("href"));
        Assert.Contains("bokbordet", await caller.Locator(".call-script").InnerTextAsync());
        await caller.AssertNoHorizontalOverflowAsync();
        await caller.AssertAccessibleAsync();
        await caller.ScreenshotForGuideAsync("call-list-call-phone.png");

        // "Wants to engage" without saying in what: the field is named, nothing is lost.
        await caller.GetByRole(AriaRole.Radio, new() { Name = "Vill engagera sig i …" }).CheckAsync();
        await caller.GetByLabel("Anteckning").FillAsync("Ring efter kl. 18 nästa gång.");
        await caller.AssertWorkingPageAsync(await caller.ClickToPageAsync(caller.GetByRole(AriaRole.Button, new() { Name = "Spara och nästa" })));
        Assert.Contains("Skriv vad personen vill engagera sig i", await caller.Locator(".error-summary").InnerTextAsync());
        Assert.Equal(first, (await caller.Locator("#person-name").InnerTextAsync()).Trim());
        Assert.Equal("Ring efter kl. 18 nästa gång.", await caller.GetByLabel("Anteckning").InputValueAsync());
        await caller.AssertAccessibleAsync();
        await caller.GetByLabel("Vill engagera sig i", new() { Exact = true }).FillAsync("Valarbete");
        await caller.AssertWorkingPageAsync(await caller.ClickToPageAsync(caller.GetByRole(AriaRole.Button, new() { Name = "Spara och nästa" })));
        Assert.Contains("Sparat: Vill engagera sig", await caller.Locator(".notice-success").InnerTextAsync());
        var second = (await caller.Locator("#person-name").InnerTextAsync()).Trim();
        Assert.NotEqual(first, second);

        await caller.AssertWorkingPageAsync(await caller.ClickToPageAsync(caller.GetByRole(AriaRole.Button, new() { Name = "Hoppa över" })));
        Assert.Contains("Överhoppad", await caller.Locator(".notice-success").InnerTextAsync());
        await caller.AssertNoHorizontalOverflowAsync();

        // The owner follows up: one called, the outcome and the note in the table.
        await owner.AssertWorkingPageAsync(await owner.GotoAsync(listUrl));
        Assert.Contains("1 av", await owner.Locator(".call-progress-text").First.InnerTextAsync());
        var row = owner.Locator("table.call-entries tbody tr", new() { HasText = "Valarbete" });
        Assert.Contains("Ring efter kl. 18", await row.InnerTextAsync());
        await owner.AssertNoHorizontalOverflowAsync();
        await owner.AssertAccessibleAsync();
        await owner.ScreenshotForGuideAsync("call-list-owner-phone.png");

        var wide = await app.NewPageAsync();
        await wide.SignInAsDemoAsync(DemoSeeder.Staff);
        await wide.AssertWorkingPageAsync(await wide.GotoAsync(listUrl));
        await wide.AssertAccessibleAsync();
        await wide.ScreenshotForGuideAsync("call-list-owner.png");
        await wide.Context.CloseAsync();
        await caller.Context.CloseAsync();
        await owner.Context.CloseAsync();
    }
}
