using System.Text.Json;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Distrikt.BrowserTests.Features.OwnData;

/// <summary>A member on a phone reads what Distrikt holds about them, downloads it both ways and corrects the phone number.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnDataTests(AppServer app)
{
    [Fact]
    public async Task A_member_downloads_their_data_and_corrects_the_phone_number_on_a_phone()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        await page.SignInAsDemoAsync(DemoSeeder.Member);
        await page.AssertWorkingPageAsync(await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter", Exact = true })));
        Assert.Equal("Mina uppgifter", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("page", await page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter", Exact = true }).GetAttributeAsync("aria-current"));
        Assert.Contains("Vänsterpartiet Uppsala", await page.Locator("section[aria-labelledby='memberships-heading']").InnerTextAsync());
        // The member's ended treasurer assignment is part of what is held.
        Assert.Contains("Kassör", await page.Locator("section[aria-labelledby='assignments-heading']").InnerTextAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("own-data-phone.png");

        var json = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som JSON" }).ClickAsync());
        Assert.EndsWith(".json", json.SuggestedFilename);
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync((await json.PathAsync())!)))
        {
            Assert.Equal(DemoSeeder.Member.FirstName, doc.RootElement.GetProperty("person").GetProperty("firstName").GetString());
            Assert.Equal(DemoSeeder.Member.Email, doc.RootElement.GetProperty("account").GetProperty("email").GetString());
        }
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som PDF" }).ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        using (var document = PdfDocument.Open(await File.ReadAllBytesAsync((await pdf.PathAsync())!)))
        {
            var words = document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
            Assert.Contains(DemoSeeder.Member.LastName, words);
            Assert.Contains("Vänsterpartiet", words);
        }

        var phoneField = page.GetByLabel("Telefon", new() { Exact = true });
        var original = await phoneField.InputValueAsync();
        try
        {
            // A number that cannot be one is refused with the field named, and what was typed stays.
            await phoneField.FillAsync("070-12");
            await page.ClickToPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Spara" }));
            Assert.Contains("Telefonnumret ser inte rätt ut", await page.Locator(".error-summary").InnerTextAsync());
            Assert.Equal("070-12", await phoneField.InputValueAsync());
            Assert.Equal("true", await phoneField.GetAttributeAsync("aria-invalid"));
            await page.AssertAccessibleAsync();
            await page.AssertNoHorizontalOverflowAsync();
            await page.ScreenshotForGuideAsync("own-data-error-phone.png");

            await phoneField.FillAsync("0701740698");
            await page.ClickToPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Spara" }));
            Assert.Contains("Dina kontaktuppgifter är sparade", await page.Locator("[role=status]").InnerTextAsync());
            Assert.Equal("070-174 06 98", await phoneField.InputValueAsync());
        }
        finally
        {
            // The demo member is shared by every browser test: put the number back.
            await phoneField.FillAsync(original);
            await page.ClickToPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Spara" }));
        }

        var wide = await app.NewPageAsync();
        await wide.SignInAsDemoAsync(DemoSeeder.Member);
        await wide.AssertWorkingPageAsync(await wide.GotoAsync("/mina-uppgifter"));
        await wide.AssertNoHorizontalOverflowAsync();
        await wide.AssertAccessibleAsync();
        await wide.ScreenshotForGuideAsync("own-data.png");
        await page.Context.CloseAsync();
        await wide.Context.CloseAsync();
    }
}
