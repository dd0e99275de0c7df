using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Plans;

[Collection(BrowserCollection.Name)]
public sealed class PlanTests(AppServer app)
{
    /// <summary>The demo district's plan on a phone: the ombudsman opens it from the district's page, sees how far it has come, and marks a goal done.</summary>
    [Fact]
    public async Task Staff_follow_up_the_plan_on_a_phone()
    {
        var phone = await app.NewPageAsync(390, 844, true);
        await phone.SignInAsDemoAsync(DemoSeeder.Staff);
        var unit = await phone.ClickToPageAsync(phone.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar" }));
        await phone.AssertWorkingPageAsync(unit);
        await phone.ClickToPageAsync(phone.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        await phone.ClickToPageAsync(phone.Content().GetByRole(AriaRole.Link, new() { Name = "Verksamhetsplan" }));
        await phone.AssertAccessibleAsync();
        await phone.ClickToPageAsync(phone.Content().Locator(".care-list a").First);
        Assert.Contains("Läget", await phone.Content().InnerTextAsync());
        await phone.AssertNoHorizontalOverflowAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotForGuideAsync("plan-phone.png");

        var goal = phone.Content().Locator("ol.plan-goals > li").Filter(new() { HasText = "Distriktet ska ta fram en valplan" });
        await goal.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = "klar" });
        await phone.ClickToPageAsync(goal.GetByRole(AriaRole.Button));
        Assert.Equal("klar", (await phone.Content().Locator("ol.plan-goals > li").Filter(new() { HasText = "Distriktet ska ta fram en valplan" })
            .Locator("select option:checked").InnerTextAsync()).Trim());

        // The goal behind the chairs' meetings: what was done, with numbers, and a dated activity added on the phone.
        await phone.ClickToPageAsync(phone.Content().GetByRole(AriaRole.Link, new() { Name = "Genomföra lokalledarträffar och ordförandeträffar", Exact = false }));
        Assert.Contains("Ordförandeträff hösten", await phone.Locator("ul.goal-evidence").InnerTextAsync());
        await phone.GetByLabel("Ny aktivitet").FillAsync("Boka lokal till vårens ordförandeträff");
        await phone.GetByLabel("Datum").FillAsync(DateTime.Today.AddDays(40).ToString("yyyy-MM-dd"));
        await phone.ClickToPageAsync(phone.GetByRole(AriaRole.Button, new() { Name = "Lägg till aktivitet" }));
        Assert.Contains("Boka lokal till vårens ordförandeträff", await phone.Locator(".activity").Last.InnerTextAsync());
        await phone.AssertNoHorizontalOverflowAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotForGuideAsync("plan-goal-phone.png");
    }
}
