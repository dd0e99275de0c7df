using System.Text.RegularExpressions;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Accounts;

[Collection(BrowserCollection.Name)]
public sealed partial class SignInTests(AppServer app)
{
    public static TheoryData<string> DemoRoles => ["Staff", "Chair", "BoardMember", "Member"];

    private static DemoAccount Account(string role) => role switch
    {
        "Staff" => DemoSeeder.Staff,
        "Chair" => DemoSeeder.Chair,
        "BoardMember" => DemoSeeder.BoardMember,
        "Member" => DemoSeeder.Member,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    [Fact]
    public async Task Sign_in_page_offers_a_one_click_button_for_each_demo_account()
    {
        var page = await app.NewPageAsync();
        await page.AssertWorkingPageAsync(await page.GotoAsync("/logga-in"));
        foreach (var account in DemoSeeder.Accounts)
        {
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = $"Logga in som {account.FirstName} {account.LastName}", Exact = true }).IsVisibleAsync(),
                $"Ingen demoknapp för {account.FirstName} {account.LastName}.");
        }
        Assert.True(await page.GetByLabel("E-postadress").IsVisibleAsync());
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(DemoRoles))]
    public async Task Demo_account_lands_on_its_start_page_and_every_menu_page_works(string role)
    {
        var account = Account(role);
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(account);
        Assert.Equal($"Hej {account.FirstName}!", (await page.Locator("h1").InnerTextAsync()).Trim());
        var main = page.Content();
        switch (role)
        {
            case "Staff":
                // The ombudsman sees the whole district: one row per association.
                Assert.Equal(8, await main.Locator("table tbody tr").CountAsync());
                await page.ScreenshotForGuideAsync("start-staff.png");
                break;
            case "Chair":
                Assert.True(await main.GetByRole(AriaRole.Heading, new() { Name = "Vänsterpartiet Tierp", Exact = true }).IsVisibleAsync());
                break;
            case "BoardMember":
                Assert.True(await main.GetByRole(AriaRole.Heading, new() { Name = DemoSeeder.DistrictName, Exact = true }).IsVisibleAsync());
                break;
            case "Member":
                Assert.True(await main.GetByRole(AriaRole.Heading, new() { Name = "Ditt medlemskap", Exact = true }).IsVisibleAsync());
                Assert.Equal(0, await main.Locator("table").CountAsync());
                break;
        }
        await page.AssertAccessibleAsync();

        // Every link in the main menu, whatever pages exist by now: clicked like a person, checked like a person.
        foreach (var href in await page.MenuLinksAsync())
        {
            var link = page.MainNav().Locator($"a[href='{href}']");
            var response = await page.ClickToPageAsync(link);
            await page.AssertWorkingPageAsync(response);
            Assert.Equal("page", await page.MainNav().Locator($"a[href='{href}']").GetAttributeAsync("aria-current"));
            await page.AssertAccessibleAsync();
            if (role == "Staff" && href == "/konto") await page.ScreenshotForGuideAsync("account.png");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task E_mail_link_signs_in_once()
    {
        var account = DemoSeeder.Member;
        var page = await app.NewPageAsync();
        await page.GotoAsync("/logga-in");
        var before = DateTime.UtcNow.AddSeconds(-1);
        await page.GetByLabel("E-postadress").FillAsync(account.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka inloggningslänk" }).ClickAsync();
        await page.GetByText("Kolla din e-post.").WaitForAsync();

        var link = await ReadSignInLinkAsync(account.Email, before);
        await page.GotoAsync(link);
        await page.Content().GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Steps.AssertSignedInAsync(page);
        Assert.Equal($"Hej {account.FirstName}!", (await page.Locator("h1").InnerTextAsync()).Trim());

        // The same link a second time (say, from a forwarded mail) must not sign anyone in.
        var other = await app.NewPageAsync();
        await other.GotoAsync(link);
        Assert.Contains("redan använts", await other.Content().InnerTextAsync());
        Assert.Equal(0, await other.Content().GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).CountAsync());
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsDemoAsync(DemoSeeder.BoardMember);
        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/logga-in");
        Assert.Contains("Du är utloggad.", await page.Content().InnerTextAsync());
        Assert.True(await page.GetByLabel("E-postadress").IsVisibleAsync());
        Assert.Equal(0, await page.MainNav().CountAsync());

        await page.GotoAsync("/konto");
        var url = new Uri(page.Url);
        Assert.Equal("/logga-in", url.AbsolutePath);
        Assert.Contains("returnUrl=%2Fkonto", url.Query);
        await page.Context.CloseAsync();
    }

    /// <summary>Reads the link from the newest mail to <paramref name="email"/> in the app's pickup folder, as the person would in their inbox.</summary>
    private async Task<string> ReadSignInLinkAsync(string email, DateTime since)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Directory.Exists(app.MailFolder))
            {
                foreach (var file in new DirectoryInfo(app.MailFolder).GetFiles("*.eml").OrderByDescending(f => f.Name))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file.FullName);
                    if (message.Date.UtcDateTime < since.AddSeconds(-1)) continue;
                    if (!message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase))) continue;
                    var match = LinkPattern().Match(message.TextBody ?? "");
                    Assert.True(match.Success, $"Mejlet till {email} saknar inloggningslänk:\n{message.TextBody}");
                    Assert.StartsWith(app.BaseUrl + "/", match.Value);
                    return match.Value;
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Inget mejl till {email} i {app.MailFolder}.");
    }

    [GeneratedRegex(@"https?://\S+/logga-in/lank\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();
}
