using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.Recruitment;

[Collection(BrowserCollection.Name)]
public sealed class RecruitmentTests(AppServer app)
{
    /// <summary>Someone leaves their details on the public form on a phone; staff then find them in Knivsta's queue.</summary>
    [Fact]
    public async Task A_visitor_signs_up_on_a_phone_and_staff_find_the_contact_in_the_associations_queue()
    {
        const string last = "Lindholm";
        var visitor = await app.NewPageAsync(390, 844, true);
        var response = await visitor.GotoAsync(app.BaseUrl + "/bli-kontaktad");
        await visitor.AssertWorkingPageAsync(response);
        await visitor.AssertAccessibleAsync();
        await visitor.ScreenshotForGuideAsync("interest-form-phone.png");

        await visitor.GetByLabel("Förnamn").FillAsync("Greta");
        await visitor.GetByLabel("Efternamn").FillAsync(last);
        await visitor.GetByLabel("Telefon").FillAsync("070-174 06 77");
        // Forgetting the consent is refused with the reason, and nothing typed is lost.
        await visitor.ClickToPageAsync(visitor.GetByRole(AriaRole.Button, new() { Name = "Skicka" }));
        Assert.Contains("samtycke", await visitor.Locator(".error-summary").InnerTextAsync());
        Assert.Equal("Greta", await visitor.GetByLabel("Förnamn").InputValueAsync());
        await visitor.AssertAccessibleAsync();

        await visitor.GetByLabel("Postnummer", new() { Exact = true }).FillAsync("741 31");
        await visitor.Locator("#Consent input[type=checkbox]").CheckAsync();
        await visitor.ClickToPageAsync(visitor.GetByRole(AriaRole.Button, new() { Name = "Skicka" }));
        Assert.Equal("Tack!", (await visitor.Locator("h1").InnerTextAsync()).Trim());
        await visitor.AssertNoHorizontalOverflowAsync();

        var staff = await app.NewPageAsync(1280, 900, false);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff);
        await staff.GotoAsync(app.BaseUrl + "/enheter");
        await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Knivsta", Exact = true }).First);
        var queue = await staff.ClickToPageAsync(staff.Content().GetByRole(AriaRole.Link, new() { Name = "Att rekrytera", Exact = true }));
        await staff.AssertWorkingPageAsync(queue);
        var card = staff.Locator(".prospect-list li").Filter(new() { HasText = "Greta " + last });
        Assert.Equal(1, await card.CountAsync());
        Assert.Equal("tel:+46701740677", await card.GetByRole(AriaRole.Link, new() { Name = "070-174 06 77" }).GetAttributeAsync("href"));
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotForGuideAsync("recruitment-queue.png");

        // Erased at the contact's request: gone from the queue.
        staff.Dialog += (_, dialog) => dialog.AcceptAsync();
        await staff.ClickToPageAsync(card.GetByRole(AriaRole.Button, new() { Name = "Radera Greta " + last }));
        Assert.Contains("Kontakten är raderad", await staff.Locator("[role=status]").InnerTextAsync());
        Assert.Equal(0, await staff.Locator(".prospect-list li").Filter(new() { HasText = last }).CountAsync());
    }

    /// <summary>A board member at a stall records two contacts in a row on a phone, keeping the place between them.</summary>
    [Fact]
    public async Task A_board_member_records_contacts_at_a_stall_one_after_another()
    {
        var page = await app.NewPageAsync(390, 844, true);
        await page.SignInAsDemoAsync(DemoSeeder.BoardMember);
        // A district seat records for any association: the board member picks the one whose stall it is.
        await page.GotoAsync(app.BaseUrl + "/rekrytering/ny");
        await page.AssertAccessibleAsync();
        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Vänsterpartiet Uppsala", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        foreach (var (first, last, phone) in new[] { ("Nils", "Fors", "070-174 06 61"), ("Amira", "Saleh", "070-174 06 62") })
        {
            await page.GetByLabel("Förnamn").FillAsync(first);
            await page.GetByLabel("Efternamn").FillAsync(last);
            await page.GetByLabel("Telefon").FillAsync(phone);
            await page.GetByLabel("Var och när").FillAsync("Bokbord Stora torget");
            await page.Locator("#Consent input[type=checkbox]").CheckAsync();
            await page.ClickToPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Spara och lägg till nästa" }));
        }
        Assert.Contains("2 kontakter sparade", await page.Locator("[role=status]").InnerTextAsync());
        Assert.Equal("Bokbord Stora torget", await page.GetByLabel("Var och när").InputValueAsync());
        Assert.Equal("", await page.GetByLabel("Förnamn").InputValueAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("record-contact-phone.png");
    }
}
