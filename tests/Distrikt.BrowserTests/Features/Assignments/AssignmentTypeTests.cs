using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Assignments;

/// <summary>The assignment types and their arbetsordning: read by everyone, written by the ombudsman as Markdown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssignmentTypeTests(AppServer app)
{
    private const string TypeName = "Fackligt-politiskt ansvarig";

    [Fact]
    public async Task Staff_rewrites_an_arbetsordning_and_it_renders_as_markdown()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Uppdragstyper", Exact = true })));
        Assert.Equal("Uppdragstyper", (await page.Locator("h1").InnerTextAsync()).Trim());
        var ombudsman = page.Content().Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Ombudsman", Exact = true }) });
        Assert.Contains("Tillsätta och avsluta uppdrag", await ombudsman.InnerTextAsync());
        Assert.True(await page.Content().GetByRole(AriaRole.Link, new() { Name = "Ny uppdragstyp", Exact = true }).IsVisibleAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-types.png");

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = TypeName, Exact = true })));
        Assert.Equal(TypeName, (await page.Locator("h1").InnerTextAsync()).Trim());
        var rules = page.Content().Locator(".markdown");
        Assert.StartsWith("Samordnar det fackligt-politiska arbetet", (await rules.InnerTextAsync()).Trim());
        await page.AssertAccessibleAsync();

        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true })));
        Assert.Equal($"Redigera {TypeName}", (await page.Locator("h1").InnerTextAsync()).Trim());
        var description = page.GetByLabel("Arbetsordning");
        var original = await description.InputValueAsync();
        await description.FillAsync("""
            Samordnar det fackligt-politiska arbetet i distriktet.

            - Håller kontakten med **fackliga organisationer** i länet
            - Bjuder in till ett fackligt nätverksmöte varje termin

            Mer om arbetet i [det fackliga programmet](https://exempel.se/fackligt).
            """);
        await description.BlurAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-type-edit.png");
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true })));

        Assert.Equal($"Ändringarna i {TypeName} är sparade.", (await page.Locator(".notice-success").InnerTextAsync()).Trim());
        rules = page.Content().Locator(".markdown");
        Assert.Equal(["Håller kontakten med fackliga organisationer i länet", "Bjuder in till ett fackligt nätverksmöte varje termin"],
            (await rules.Locator("ul > li").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("fackliga organisationer", await rules.Locator("strong").InnerTextAsync());
        Assert.Equal("https://exempel.se/fackligt", await rules.GetByRole(AriaRole.Link, new() { Name = "det fackliga programmet", Exact = true }).GetAttributeAsync("href"));
        Assert.DoesNotContain("**", await rules.InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-type-details.png");

        // Pasted HTML and script links are shown as text or dropped, never run.
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }));
        await page.GetByLabel("Arbetsordning").FillAsync("<img src=x onerror=\"window.hacked=1\"> [klicka](javascript:window.hacked=1)");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }));
        rules = page.Content().Locator(".markdown");
        Assert.Equal(0, await rules.Locator("img, script, [onerror]").CountAsync());
        Assert.Equal(0, await rules.Locator("a[href^='javascript']").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => 'hacked' in window"));

        // Leave the type as it was for the other tests.
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }));
        await page.GetByLabel("Arbetsordning").FillAsync(original);
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }));
        Assert.Equal(original.Trim(), (await page.Content().Locator(".markdown").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_reads_the_arbetsordning_but_cannot_edit_it()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.Member);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Uppdragstyper", Exact = true })));
        Assert.Equal(0, await page.Content().GetByRole(AriaRole.Link, new() { Name = "Ny uppdragstyp", Exact = true }).CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Ordförande", Exact = true })));
        Assert.True(await page.Content().Locator(".markdown ul > li").CountAsync() > 0, "Ordförandens arbetsordning visas inte som punktlista.");
        Assert.Equal(0, await page.Content().GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }).CountAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("assignments-type-phone.png");

        // The edit page's address is not a way around it.
        var edit = await page.GotoAsync(page.Url + "/redigera");
        Assert.NotNull(edit);
        Assert.Equal("Åtkomst nekad", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }
}
