using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Accounts;

/// <summary>
/// Passkeys end to end with Chromium's virtual authenticator (DevTools' WebAuthn domain): create a key on
/// "Mitt konto", sign out, and sign in with the key alone. WebAuthn needs a domain, not an IP address, so
/// this test talks to the app as localhost.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyTests(AppServer app)
{
    [Fact]
    public async Task A_member_creates_a_passkey_and_signs_in_with_it()
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
            Locale = "sv-SE",
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await page.SignInAsDemoAsync(DemoSeeder.Member);
        await page.GotoAsync("/konto");
        await page.GetByLabel("Namn på nyckeln").FillAsync("Testtelefon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckel" }).ClickAsync();
        await page.WaitForURLAsync("**/konto");
        var status = await page.Locator("[role=status]").InnerTextAsync(); Assert.True(status.Contains("Nyckeln är sparad"), status);
        Assert.Contains("Testtelefon", await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).First.ClickAsync();
        await page.WaitForURLAsync("**/logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med nyckel" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/logga-in", StringComparison.Ordinal));
        Assert.Contains("Hej Leila!", await page.Locator("h1").InnerTextAsync());

        await page.GotoAsync("/konto");
        Assert.Contains("Nyckel (passkey)", await page.Locator(".facts").InnerTextAsync());
        await context.CloseAsync();
    }
}
