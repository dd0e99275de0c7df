using System.Text;
using Distrikt.BrowserTests.Infrastructure;
using Distrikt.Features.Demo;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Features.RegisterImport;

/// <summary>An app of its own: an import ends and adds memberships, which the other browser tests count.</summary>
[CollectionDefinition(Name)]
public sealed class RegisterImportCollection : ICollectionFixture<AppServer>
{
    public const string Name = "browser, register imported";
}

[Collection(RegisterImportCollection.Name)]
public sealed class RegisterImportTests(AppServer app)
{
    static RegisterImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// A messy export as spreadsheet programs write them: Windows-1252, commas, a quoted address with a comma and a
    /// line break, a name that is a formula, an e-mail without a domain, and a member in a municipality no
    /// association covers.
    /// </summary>
    private static byte[] MessyExport() => Encoding.GetEncoding(1252).GetBytes(
        "Medlemsnr,Förnamn,Efternamn,E-post,Mobil,Adress,Postnummer,Kommun,Medlem sedan\r\n"
        + "8800001,Åsa,Öberg,asa.oberg@exempel.test,070-174 06 20,\"Storgatan 1, lgh 1101\r\nc/o Berg\",753 20,,2024-02-01\r\n"
        + "8800002,Ärla,Lind,arla@exempel.test,070-174 06 21,Skolgatan 4,815 30,Tierp,2023-09-15\r\n"
        + "8800003,=HYPERLINK(\"http://exempel.test\"),Berg,,,,,,2024-01-01\r\n"
        + "8800004,Yngve,Ström,yngve@,,,,,2024-01-01\r\n"
        + "8800005,Örjan,Ek,orjan@exempel.test,,,111 20,Stockholm,2022-05-05\r\n");

    [Fact]
    public async Task Staff_upload_a_messy_export_review_the_preview_apply_it_and_place_the_unplaced()
    {
        var page = await app.NewPageAsync();
        // Reading and comparing a whole export is the heaviest request in the app; on a busy two-core machine
        // the first one (cold code, phone-number metadata loading) takes longer than an ordinary page.
        page.SetDefaultTimeout(60_000);
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.ClickToPageAsync(page.MainNav().GetByRole(AriaRole.Link, new() { Name = "Föreningar", Exact = true }));
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        var response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Importera medlemsregistret", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Exportfil (CSV eller Excel .xlsx)").SetInputFilesAsync(new FilePayload
        {
            Name = "medlemmar.csv", MimeType = "text/csv", Buffer = MessyExport(),
        });
        response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Förhandsgranska", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Förhandsgranskning", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Windows-1252", await page.Content().InnerTextAsync());
        async Task<string> Stat(string label) =>
            (await page.Locator(".stat", new() { Has = page.Locator(".stat-label", new() { HasText = label }) }).Locator(".stat-value").InnerTextAsync()).Trim();
        Assert.Equal("3", await Stat("nya medlemmar"));
        Assert.Equal("2", await Stat("avvisade rader"));
        var rejected = page.Content().Locator("details", new() { HasText = "Avvisade rader" });
        Assert.Contains("kalkylformel", await rejected.Locator("tr", new() { HasText = "Förnamn" }).InnerTextAsync());
        Assert.Contains("yngve@", await rejected.Locator("tr", new() { HasText = "E-post" }).InnerTextAsync());
        Assert.Equal("5", (await rejected.Locator("tr", new() { HasText = "E-post" }).Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("ingen förening täcker", await page.Content().InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("import-preview.png");

        // The demo district's members are not in this file: applying it ends their memberships, so it must be confirmed.
        await page.GetByLabel("Ja, avsluta dessa medlemskap").CheckAsync();
        response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Genomför importen", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.StartsWith("Importen är genomförd: 3 nya", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("medlemmar.csv", await page.Content().Locator("table").InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("import-done.png");

        // Örjan lives in Stockholm, which no association covers here: staff place him.
        response = await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "väntar på att placeras" }));
        await page.AssertWorkingPageAsync(response);
        var card = page.Content().Locator("li", new() { HasText = "Örjan Ek" });
        await card.GetByLabel("Förening").SelectOptionAsync(new SelectOptionValue { Label = "Vänsterpartiet Uppsala" });
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("import-placement.png");
        response = await page.ClickToPageAsync(card.GetByRole(AriaRole.Button, new() { Name = "Placera", Exact = true }));
        await page.AssertWorkingPageAsync(response);
        Assert.Equal("Placerad i Vänsterpartiet Uppsala.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Content().Locator("li", new() { HasText = "Örjan Ek" }).CountAsync());
    }

    [Fact]
    public async Task The_preview_reads_well_on_a_phone()
    {
        var page = await app.NewPageAsync(390, 844, phone: true);
        page.SetDefaultTimeout(60_000);
        await page.SignInAsDemoAsync(DemoSeeder.Staff);
        await page.GotoAsync(app.BaseUrl + "/enheter");
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = DemoSeeder.DistrictName, Exact = true }).First);
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Importera medlemsregistret", Exact = true }));
        await page.AssertNoHorizontalOverflowAsync();
        await page.GetByLabel("Exportfil (CSV eller Excel .xlsx)").SetInputFilesAsync(new FilePayload { Name = "medlemmar.csv", MimeType = "text/csv", Buffer = MessyExport() });
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Förhandsgranska", Exact = true }));
        Assert.Equal("Förhandsgranskning", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("import-preview-phone.png");

        // A header the import does not know: the page says which field is missing and opens the column choices.
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Link, new() { Name = "Importera medlemsregistret", Exact = true }));
        await page.GetByLabel("Exportfil (CSV eller Excel .xlsx)").SetInputFilesAsync(new FilePayload
        {
            Name = "okand.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("Medl-ID;Förnamn;Efternamn\r\n1;Anna;Berg\r\n"),
        });
        await page.ClickToPageAsync(page.Content().GetByRole(AriaRole.Button, new() { Name = "Förhandsgranska", Exact = true }));
        Assert.Contains("Kolumnen för Medlemsnummer saknas", await page.Locator("[role=alert]").InnerTextAsync());
        Assert.True(await page.GetByLabel("Medlemsnummer (krävs)").IsVisibleAsync());
        await page.AssertNoHorizontalOverflowAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotForGuideAsync("import-columns-phone.png");
    }
}
