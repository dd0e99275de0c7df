using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Gatherings;

[Collection(BrowserCollection.Name)]
public sealed class GatheringTests(AppServer app)
{
    /// <summary>
    /// The main flow: staff arrange a gathering with childcare and two seats; two members register on their phones (one
    /// with a child), a third joins the waiting list and gets the seat when one cancels; the staff member checks someone in.
    /// </summary>
    [Fact]
    public async Task A_gathering_fills_up_the_waiting_list_moves_up_on_a_cancellation_and_people_are_checked_in()
    {
        var title = "Ordförandeträff " + Guid.NewGuid().ToString("N")[..6];
        var day = DateTime.Today.AddDays(12).ToString("yyyy-MM-dd");
        var staff = await app.NewPageAsync(1280, 900, false);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff);
        await staff.GotoAsync(app.BaseUrl + "/traffar");
        await staff.AssertAccessibleAsync();
        var form = await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Button, new() { Name = "Skapa träff" }));
        await staff.AssertWorkingPageAsync(form);
        await staff.GetByLabel("Rubrik", new() { Exact = true }).FillAsync(title);
        await staff.GetByLabel("Datum 1").FillAsync(day);
        await staff.Locator("#s0s").FillAsync("10:00");
        await staff.Locator("#s0e").FillAsync("15:00");
        await staff.GetByLabel("Adress", new() { Exact = true }).FillAsync("Distriktskansliet, Kungsgatan 10, Uppsala");
        await staff.GetByLabel("Antal platser").FillAsync("2");
        await staff.GetByLabel("Barnpassning erbjuds").CheckAsync();
        await staff.AssertAccessibleAsync();
        var created = await staff.ClickToPageAsync(staff.GetByRole(AriaRole.Button, new() { Name = "Skapa träffen" }));
        await staff.AssertWorkingPageAsync(created);
        Assert.Equal(title, (await staff.Locator("h1").InnerTextAsync()).Trim());
        var url = staff.Url;

        async Task<IPage> RegisterAsync(DemoAccount who, string? childAges)
        {
            var phone = await app.NewPageAsync(390, 844, true);
            await phone.SignInAsDemoAsync(who);
            await phone.GotoAsync(url);
            if (childAges is not null) await phone.GetByLabel("Barn i barnpassningen").FillAsync(childAges);
            await phone.ClickToPageAsync(phone.Content().Locator("form[action*='handler=Register'] button[type=submit]"));
            return phone;
        }
        var member = await RegisterAsync(DemoSeeder.Member, "4");
        Assert.Contains("Du är anmäld.", await member.Locator("[role=status]").First.InnerTextAsync());
        await member.AssertNoHorizontalOverflowAsync();
        await member.AssertAccessibleAsync();
        await member.ScreenshotForGuideAsync("gathering-registered-phone.png");
        var chair = await RegisterAsync(DemoSeeder.Chair, null);
        Assert.Contains("Du är anmäld.", await chair.Content().InnerTextAsync());
        var boardMember = await RegisterAsync(DemoSeeder.BoardMember, null);
        Assert.Contains("Du står på väntelistan som nummer 1.", await boardMember.Content().InnerTextAsync());

        // The member cancels; the board member is offered the seat and takes it.
        await member.ClickToPageAsync(member.GetByRole(AriaRole.Button, new() { Name = "Avboka min anmälan" }));
        Assert.Contains("avbokad", await member.Locator("[role=status]").First.InnerTextAsync());
        await boardMember.ReloadAsync();
        Assert.Contains("En plats har blivit ledig åt dig.", await boardMember.Content().InnerTextAsync());
        await boardMember.AssertAccessibleAsync();
        await boardMember.ClickToPageAsync(boardMember.GetByRole(AriaRole.Button, new() { Name = "Tacka ja" }));
        Assert.Contains("Du är anmäld.", await boardMember.Content().InnerTextAsync());

        var participants = await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Link, new() { Name = "Deltagare och barnpassning" }));
        await staff.AssertWorkingPageAsync(participants);
        var names = await staff.Locator("#confirmed-heading + .table-wrap tbody td:first-child").AllInnerTextsAsync();
        Assert.Equal(2, names.Count);
        Assert.Contains(names, n => n.Contains(DemoSeeder.BoardMember.LastName));
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotForGuideAsync("gathering-participants.png");

        var door = await app.NewPageAsync(390, 844, true);
        await door.SignInAsDemoAsync(DemoSeeder.Staff);
        await door.GotoAsync(url + "/incheckning");
        await door.GetByLabel("Sök på namn").FillAsync(DemoSeeder.Chair.FirstName);
        await door.ClickToPageAsync(door.GetByRole(AriaRole.Button, new() { Name = "Sök" }));
        await door.ClickToPageAsync(door.Locator(".care-list li").Filter(new() { HasText = DemoSeeder.Chair.LastName }).GetByRole(AriaRole.Button, new() { Name = "Checka in" }));
        Assert.Contains("1 av 2 incheckade", await door.Locator("p.lead").InnerTextAsync());
        await door.AssertNoHorizontalOverflowAsync();
        await door.AssertAccessibleAsync();
        await door.ScreenshotForGuideAsync("gathering-check-in-phone.png");
    }

    /// <summary>
    /// An application round: staff arrange a gathering whose one seat is drawn; two members apply on their phones with a
    /// motivation; after the deadline staff fix the list (seed and fingerprint published) and draw; an applicant sees
    /// the result and how to check it.
    /// </summary>
    [Fact]
    public async Task Members_apply_for_a_drawn_seat_and_the_organiser_fixes_the_list_and_draws()
    {
        var title = "Vänsterdagarna " + Guid.NewGuid().ToString("N")[..6];
        var day = DateTime.Today.AddDays(30);
        var staff = await app.NewPageAsync(1280, 900, false);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff);
        await staff.GotoAsync(app.BaseUrl + "/traffar");
        await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Button, new() { Name = "Skapa träff" }));
        await staff.GetByLabel("Rubrik", new() { Exact = true }).FillAsync(title);
        await staff.GetByLabel("Datum 1").FillAsync(day.ToString("yyyy-MM-dd"));
        await staff.Locator("#s0s").FillAsync("09:00");
        await staff.Locator("#s0e").FillAsync("17:00");
        await staff.GetByLabel("Adress", new() { Exact = true }).FillAsync("Folkets hus, Stockholm");
        await staff.GetByLabel("Antal platser").FillAsync("1");
        await staff.GetByLabel("Sista anmälningsdag").FillAsync(day.AddDays(-10).ToString("yyyy-MM-dd"));
        await staff.GetByLabel("Platserna lottas", new() { Exact = false }).CheckAsync();
        await staff.GetByLabel("Den som söker för första gången går före").CheckAsync();
        await staff.AssertAccessibleAsync();
        await staff.ClickToPageAsync(staff.GetByRole(AriaRole.Button, new() { Name = "Skapa träffen" }));
        Assert.Equal(title, (await staff.Locator("h1").InnerTextAsync()).Trim());
        var url = staff.Url;

        async Task<IPage> ApplyAsync(DemoAccount who, bool firstTime)
        {
            var phone = await app.NewPageAsync(390, 844, true);
            await phone.SignInAsDemoAsync(who);
            await phone.GotoAsync(url);
            await phone.GetByLabel("Varför vill du åka?").FillAsync("Jag vill ta med mig idéer hem till föreningen.");
            if (firstTime) await phone.GetByLabel("Det är första gången jag söker en plats hit").CheckAsync();
            await phone.ClickToPageAsync(phone.GetByRole(AriaRole.Button, new() { Name = "Skicka ansökan" }));
            Assert.Contains("Din ansökan är skickad.", await phone.Locator("[role=status]").First.InnerTextAsync());
            return phone;
        }
        var member = await ApplyAsync(DemoSeeder.Member, true);
        await member.AssertNoHorizontalOverflowAsync();
        await member.AssertAccessibleAsync();
        await member.ScreenshotForGuideAsync("gathering-applied-phone.png");
        await ApplyAsync(DemoSeeder.Chair, false);

        // The deadline moves to yesterday: the window is closed, and the organiser fixes the list and draws.
        await staff.GotoAsync(url + "/redigera");
        await staff.GetByLabel("Sista anmälningsdag").FillAsync(DateTime.Today.AddDays(-1).ToString("yyyy-MM-dd"));
        await staff.ClickToPageAsync(staff.GetByRole(AriaRole.Button, new() { Name = "Spara ändringarna" }));
        var round = await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Link, new() { Name = "Lottningen" }));
        await staff.AssertWorkingPageAsync(round);
        await staff.AssertAccessibleAsync();
        await staff.ClickToPageAsync(staff.GetByRole(AriaRole.Button, new() { Name = "Fastställ listan" }));
        Assert.Contains("Listan är fastställd", await staff.Locator("[role=status]").First.InnerTextAsync());
        var fingerprint = (await staff.Locator("dt:text('Fingeravtryck') + dd").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        await staff.ClickToPageAsync(staff.GetByRole(AriaRole.Button, new() { Name = "Lotta nu" }));
        Assert.Contains("Lottningen är gjord.", await staff.Locator("[role=status]").First.InnerTextAsync());
        Assert.Contains("Fick plats (1)", await staff.Content().InnerTextAsync());
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotForGuideAsync("gathering-draw.png");

        // The member who said it was her first time goes first, so she has the seat; her phone shows it and how to check.
        await member.GotoAsync(url + "/lottning");
        Assert.Contains("Du har en plats.", await member.Content().InnerTextAsync());
        Assert.Contains(fingerprint, await member.Content().InnerTextAsync());
        await member.AssertNoHorizontalOverflowAsync();
        await member.AssertAccessibleAsync();
        await member.ScreenshotForGuideAsync("gathering-draw-result-phone.png");
    }

    /// <summary>The list, the form and the calendar feed page work on a phone: no sideways scrolling, nothing axe objects to.</summary>
    [Fact]
    public async Task The_list_the_form_and_the_calendar_feed_fit_a_phone()
    {
        var phone = await app.NewPageAsync(390, 844, true);
        await phone.SignInAsDemoAsync(DemoSeeder.Staff);
        var list = await phone.ClickToPageAsync(phone.MainNav().GetByRole(AriaRole.Link, new() { Name = "Träffar" }));
        await phone.AssertWorkingPageAsync(list);
        Assert.True(await phone.Locator(".care-list li").CountAsync() >= 3);
        await phone.AssertNoHorizontalOverflowAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotForGuideAsync("gatherings-phone.png");

        await phone.ClickToPageAsync(phone.Content().GetByRole(AriaRole.Button, new() { Name = "Skapa träff" }));
        await phone.AssertNoHorizontalOverflowAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotForGuideAsync("gathering-form-phone.png");

        await phone.GotoAsync(app.BaseUrl + "/traffar/kalender");
        await phone.ClickToPageAsync(phone.GetByRole(AriaRole.Button, new() { Name = "Skapa mitt kalenderflöde" }));
        var address = await phone.GetByLabel("Adress till kalenderflödet").InputValueAsync();
        Assert.Contains("/kalender/", address);
        await phone.AssertNoHorizontalOverflowAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotForGuideAsync("gathering-feed-phone.png");
        var feed = await phone.APIRequest.GetAsync(address);
        Assert.Equal(200, feed.Status);
        Assert.Contains("BEGIN:VCALENDAR", await feed.TextAsync());
    }
}
