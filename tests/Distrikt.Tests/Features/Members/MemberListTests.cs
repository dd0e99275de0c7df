using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Features.Members;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Features.Members;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MemberListTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    private async Task<AppClient> StaffAsync()
    {
        var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        return client;
    }

    private static string List(Guid unitId, string query = "") => $"/enheter/{unitId}/medlemmar{query}";

    [Fact]
    public async Task Search_finds_members_by_name_email_member_number_and_phone_however_it_is_typed()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        await data.PersonAsync(unit, "Åsa", "Ödmark", p => { p.Email = "asa.odmark@prov.test"; p.Phone = "+46701234567"; p.MemberNumber = "T" + Guid.NewGuid().ToString("N")[..8]; });
        await data.PersonAsync(unit, "Bertil", "Lund", p => { p.Email = "bertil@lund.test"; p.Phone = "+46739876543"; });
        await data.PersonAsync(unit, "Cecilia", "Öberg", p => p.Phone = "+4781234567");
        using var client = await StaffAsync();

        async Task<List<string>> Search(string q) => (await client.GetPageAsync(List(unit, "?q=" + Uri.EscapeDataString(q)))).Page.Names();

        Assert.Equal(["Lund, Bertil", "Öberg, Cecilia", "Ödmark, Åsa"], await Search(""));
        Assert.Equal(["Ödmark, Åsa"], await Search("ödmark"));
        Assert.Equal(["Ödmark, Åsa"], await Search("ÖDMARK"));
        // Typed on a phone without Swedish letters.
        Assert.Equal(["Ödmark, Åsa"], await Search("asa odm"));
        // Folded, ö finds o as well: generous rather than missing someone typed without Swedish letters.
        Assert.Equal(["Öberg, Cecilia", "Ödmark, Åsa"], await Search("ö"));
        Assert.Equal(["Lund, Bertil"], await Search("LUND.TEST"));
        Assert.Equal(["Ödmark, Åsa"], await Search("070-123 45 67"));
        Assert.Equal(["Ödmark, Åsa"], await Search("+46 70 123 45 67"));
        Assert.Equal(["Ödmark, Åsa"], await Search("0701234567"));
        Assert.Equal(["Lund, Bertil"], await Search("073-987"));
        // A Norwegian number is found by its own digits.
        Assert.Equal(["Öberg, Cecilia"], await Search("+47 812 34 567"));
        Assert.Empty(await Search("Åsa Lund"));
        // The beginnings of words, not any part: "mark" is inside Ödmark but begins no word.
        Assert.Empty(await Search("mark"));
        Assert.Equal(["Lund, Bertil"], await Search("lun"));
        // LIKE's wildcards are taken literally.
        Assert.Empty(await Search("%"));
        Assert.Empty(await Search("lu%d"));

        var (_, page) = await client.GetPageAsync(List(unit, "?q=odmark"));
        Assert.Equal("1 person", page.Count());
        var phone = page.QuerySelector("td.member-phone a")!;
        Assert.Equal("tel:+46701234567", phone.GetAttribute("href"));
        Assert.Equal("070-123 45 67", phone.TextContent.Trim());
        Assert.Equal("mailto:asa.odmark@prov.test", page.QuerySelector("td.member-email a")!.GetAttribute("href"));
        Assert.Equal("odmark", page.QuerySelector("#q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Names_are_in_Swedish_order_with_Å_Ä_Ö_after_Z()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        foreach (var (first, last) in new[] { ("Åsa", "Ödman"), ("Olle", "Zorn"), ("Anna", "Åberg"), ("Eva", "Ärlig"), ("Bo", "Andersson"), ("Åke", "Zorn"), ("Vera", "Wall") })
        {
            await data.PersonAsync(unit, first, last);
        }
        using var client = await StaffAsync();
        var (_, page) = await client.GetPageAsync(List(unit));
        Assert.Equal(["Andersson, Bo", "Wall, Vera", "Zorn, Olle", "Zorn, Åke", "Åberg, Anna", "Ärlig, Eva", "Ödman, Åsa"], page.Names());
    }

    [Fact]
    public async Task Fifty_to_a_page_with_the_total_and_the_filters_kept_from_page_to_page()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        for (var i = 0; i < 53; i++) await data.PersonAsync(unit, "Person", $"Sidsson {i:00}");
        await data.PersonAsync(unit, "Tidigare", "Sidsson 99", membership: m => m.EndedOn = Today.AddDays(-10));
        using var client = await StaffAsync();

        var (_, first) = await client.GetPageAsync(List(unit, "?q=sidsson"));
        Assert.Equal("53 personer", first.Count());
        Assert.Equal(MemberList.PageSize, first.Names().Count);
        Assert.Equal("Sidsson 00, Person", first.Names()[0]);
        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("q=sidsson", next);
        Assert.Contains("sida=2", next);

        var (_, second) = await client.GetPageAsync(next);
        Assert.Equal(["Sidsson 50, Person", "Sidsson 51, Person", "Sidsson 52, Person"], second.Names());
        Assert.Contains("Sida 2 av 2", second.QuerySelector("nav.pager")!.TextContent);
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));

        // A page past the end shows the last one, not an empty list.
        var (_, beyond) = await client.GetPageAsync(List(unit, "?q=sidsson&sida=9"));
        Assert.Equal(3, beyond.Names().Count);

        var (_, all) = await client.GetPageAsync(List(unit, "?q=sidsson&status=alla&sida=2"));
        Assert.Equal("54 personer", all.Count());
        Assert.Contains("Sidsson 99, Tidigare", all.Names());
    }

    [Fact]
    public async Task Each_filter_narrows_the_list()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        var other = await data.AssociationAsync("Vänsterpartiet Grannföreningen");
        var treasurerType = "kassor";
        var tag = "valarbetare " + Guid.NewGuid().ToString("N")[..6];
        var paid = await data.PersonAsync(unit, "Betald", "Filtersson", membership: m => { m.FeePaidThrough = Today.AddMonths(3); m.StartedOn = Today.AddYears(-2); }, tags: tag);
        var unpaid = await data.PersonAsync(unit, "Obetald", "Filtersson", membership: m => { m.FeePaidThrough = Today.AddDays(-1); m.StartedOn = Today.AddDays(-20); });
        await data.PersonAsync(unit, "Okänd", "Filtersson", membership: m => m.StartedOn = Today.AddDays(-200));
        await data.PersonAsync(unit, "Slutat", "Filtersson", membership: m => { m.StartedOn = Today.AddYears(-3); m.EndedOn = Today.AddMonths(-2); });
        await data.PersonAsync(unit, "Länge sedan", "Filtersson", membership: m => { m.StartedOn = Today.AddYears(-5); m.EndedOn = Today.AddMonths(-13); });
        // Left the association for the neighbouring one: a current member of the district, a former one of the association.
        var moved = await data.PersonAsync(unit, "Flyttat", "Filtersson", membership: m => { m.StartedOn = Today.AddYears(-4); m.EndedOn = Today.AddDays(-40); });
        await data.AddMembershipAsync(moved, other, Today.AddDays(-39));
        await data.Units.AssignAsync(unpaid, unit, treasurerType, Today.AddMonths(-1));
        await data.Units.AssignAsync(paid, unit, treasurerType, Today.AddYears(-2), Today.AddDays(-5));
        using var client = await StaffAsync();

        async Task<List<string>> Names(Guid listed, string query) =>
            (await client.GetPageAsync(List(listed, "?q=filtersson&" + query))).Page.Names().Select(n => n.Split(", ")[1]).ToList();

        Assert.Equal(["Betald", "Obetald", "Okänd"], await Names(unit, ""));
        Assert.Equal(["Betald", "Obetald", "Okänd"], await Names(unit, "status=nuvarande"));
        Assert.Equal(["Flyttat", "Slutat"], await Names(unit, "status=avslutade"));
        Assert.Equal(["Betald", "Flyttat", "Obetald", "Okänd", "Slutat"], await Names(unit, "status=alla"));
        Assert.Equal(["Obetald"], await Names(unit, "nya=30"));
        Assert.Equal(["Obetald", "Okänd"], await Names(unit, "nya=365"));
        Assert.Equal(["Betald"], await Names(unit, "avgift=betald"));
        Assert.Equal(["Obetald"], await Names(unit, "avgift=obetald"));
        Assert.Equal(["Okänd"], await Names(unit, "avgift=okand"));
        Assert.Equal(["Betald"], await Names(unit, "tagg=" + Uri.EscapeDataString(tag)));
        var types = await factory.WithDbAsync((db, _) => Task.FromResult(db.Set<Distrikt.Features.Assignments.AssignmentType>().Single(t => t.Key == treasurerType).Id));
        // Only a current assignment counts: Betald's ended five days ago.
        Assert.Equal(["Obetald"], await Names(unit, $"uppdrag={types}"));
        // Filters combine.
        Assert.Empty(await Names(unit, "avgift=betald&nya=30"));

        // In the district, the one who moved is a current member; narrowing to an association shows its members only.
        var district = await factory.DistrictIdAsync();
        Assert.Equal(["Betald", "Flyttat", "Obetald", "Okänd"], await Names(district, ""));
        Assert.Equal(["Flyttat"], await Names(district, $"forening={other}"));
        Assert.Equal(["Betald", "Obetald", "Okänd"], await Names(district, $"forening={unit}"));
        Assert.Equal(["Slutat"], await Names(district, "status=avslutade"));
        var (_, districtPage) = await client.GetPageAsync(List(district, $"?q=filtersson&forening={other}"));
        Assert.Contains(districtPage.QuerySelectorAll("#forening option"), o => o.GetAttribute("value") == other.ToString() && o.HasAttribute("selected"));
        Assert.Contains("Vänsterpartiet Grannföreningen", districtPage.QuerySelector("td.member-unit")!.TextContent);
        // The filters behind "Fler filter" open when one of them is in use.
        Assert.False(districtPage.QuerySelector("details.more-filters")!.HasAttribute("open"));
        var (_, feePage) = await client.GetPageAsync(List(unit, "?avgift=obetald"));
        Assert.True(feePage.QuerySelector("details.more-filters")!.HasAttribute("open"));
        Assert.Contains("obetald sedan " + SwedishFormat.Date(Today), feePage.QuerySelector("td.member-fee")!.TextContent);

        // An association's list does not take another association as filter: the filter is dropped.
        Assert.Equal(["Betald", "Obetald", "Okänd"], await Names(unit, $"forening={other}"));
        // Values the form cannot send are ignored rather than refused.
        Assert.Equal(["Betald", "Obetald", "Okänd"], await Names(unit, "status=hittepå&nya=7&avgift=kanske"));
    }

    [Fact]
    public async Task Every_view_writes_one_audit_entry_with_the_filter_and_count_but_no_names_or_search_text()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        await data.PersonAsync(unit, "Granskad", "Loggsson", p => { p.Email = "granskad@prov.test"; p.Phone = "+46701112233"; }, m => m.FeePaidThrough = Today.AddDays(-3));
        var unitName = await factory.WithDbAsync((db, _) => Task.FromResult(db.Set<Distrikt.Features.Units.Unit>().Single(u => u.Id == unit).Name));
        using var client = await StaffAsync();

        var before = (await factory.AuditEntriesAsync("Medlemslista", unit.ToString())).Count;
        var (response, _) = await client.GetPageAsync(List(unit, "?q=070-111+22+33&avgift=obetald"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await factory.AuditEntriesAsync("Medlemslista", unit.ToString());
        var entry = Assert.Single(entries.Skip(before));
        Assert.Equal(AuditAction.View, entry.Action);
        Assert.Equal("Maria Sandberg", entry.ActorName);
        Assert.Contains(unitName, entry.Summary);
        Assert.Contains("avgift obetald", entry.Summary);
        Assert.Contains("med sökning", entry.Summary);
        Assert.Contains("1 av 1 personer", entry.Summary);
        foreach (var secret in new[] { "Loggsson", "Granskad", "granskad@", "070-111", "0701112233", "+46" })
        {
            Assert.DoesNotContain(secret, entry.Summary);
        }
    }

    [Fact]
    public async Task CSV_export_has_every_matching_row_a_BOM_semicolons_and_neutralised_formulas()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        for (var i = 0; i < 52; i++) await data.PersonAsync(unit, "Export", $"Radsson {i:00}");
        await data.PersonAsync(unit, "=HYPERLINK(\"http://x\")", "Radsson Ö", p =>
        {
            p.Email = "farlig@prov.test"; p.Phone = "+46701234599"; p.StreetAddress = "Storgatan 1; 2 tr"; p.PostalCode = "75236"; p.City = "Uppsala";
            p.MunicipalityCode = "0380"; p.MemberNumber = "X" + Guid.NewGuid().ToString("N")[..8];
        }, m => m.FeePaidThrough = new DateOnly(Today.Year, 12, 31), "@kampanj", "valarbetare");
        await data.PersonAsync(unit, "Avslutad", "Radsson", membership: m => m.EndedOn = Today.AddDays(-1));
        using var client = await StaffAsync();

        var (_, page) = await client.GetPageAsync(List(unit, "?q=radsson"));
        var link = page.QuerySelectorAll(".export-links a").Single(a => a.TextContent.Contains("CSV")).GetAttribute("href")!;
        Assert.Contains("q=radsson", link);
        var before = (await factory.AuditEntriesAsync("Medlemslista", unit.ToString())).Count(e => e.Action == AuditAction.Export);

        var response = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.StartsWith("medlemmar-vansterpartiet-medlemstest-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = MemberListPage.ParseCsv(text);
        Assert.Equal(MemberExport.Headers, rows[0]);
        // Every current match, not only the first page; the ended membership is not current.
        Assert.Equal(53, rows.Count - 1);
        var risky = rows.Single(r => r[2] == "Radsson Ö");
        Assert.Equal("'=HYPERLINK(\"http://x\")", risky[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text);
        Assert.Equal("070-123 45 99", risky[4]);
        Assert.Equal("Storgatan 1; 2 tr", risky[5]);
        Assert.Equal("752 36", risky[6]);
        Assert.Equal("Uppsala", risky[8]);
        Assert.Equal(SwedishFormat.Date(new DateOnly(Today.Year, 12, 31)), risky[12]);
        Assert.Equal("'@kampanj, valarbetare", risky[13]);
        // Swedish order in the file too: Ö after the digits' Radsson rows.
        Assert.Equal("Radsson Ö", rows[^1][2]);

        var exports = (await factory.AuditEntriesAsync("Medlemslista", unit.ToString())).Where(e => e.Action == AuditAction.Export).ToList();
        var entry = Assert.Single(exports.Skip(before));
        Assert.Contains("CSV", entry.Summary);
        Assert.Contains("53 personer", entry.Summary);
        Assert.DoesNotContain("Radsson", entry.Summary);
    }

    [Fact]
    public async Task Excel_export_opens_with_OpenXml_and_holds_every_row_as_text()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        for (var i = 0; i < 51; i++) await data.PersonAsync(unit, "Excel", $"Bladsson {i:00}", p => p.MemberNumber = "0" + Guid.NewGuid().ToString("N")[..7]);
        await data.PersonAsync(unit, "=1+1", "Bladsson Å", p => { p.Email = "ett@prov.test"; p.MemberNumber = "0" + Guid.NewGuid().ToString("N")[..7]; });
        using var client = await StaffAsync();

        var response = await client.Http.GetAsync(List(unit, "?q=bladsson&handler=Xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType!.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        // What Excel itself would complain about, checked against the Office schemas.
        var problems = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var sheetPart = document.WorkbookPart!.WorksheetParts.Single();
        var sheetRows = sheetPart.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        Assert.Equal(1 + 52, sheetRows.Count);
        Assert.Empty(sheetPart.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>());
        Assert.All(sheetPart.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>(),
            c => Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, c.DataType!.Value));
        string[] Cells(DocumentFormat.OpenXml.Spreadsheet.Row r) => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToArray();
        Assert.Equal(MemberExport.Headers, Cells(sheetRows[0]));
        var last = Cells(sheetRows[^1]);
        Assert.Equal("=1+1", last[1]);
        Assert.Equal("Bladsson Å", last[2]);
        Assert.StartsWith("0", Cells(sheetRows[1])[0]);

        var entry = (await factory.AuditEntriesAsync("Medlemslista", unit.ToString())).Last();
        Assert.Equal(AuditAction.Export, entry.Action);
        Assert.Contains("Excel", entry.Summary);
        Assert.Contains("52 personer", entry.Summary);
    }

    [Fact]
    public async Task The_chair_of_Tierp_sees_Tierp_but_not_Uppsala_by_address_filter_or_export()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var own = await data.PersonAsync(tierp, "Egen", "Gränssson");
        await data.PersonAsync(uppsala, "Annans", "Gränssson");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);

        var (response, page) = await client.GetPageAsync(List(tierp, "?q=gränssson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Gränssson, Egen"], page.Names());
        Assert.Contains($"/personer/{own}", page.QuerySelector("th.member-name a")!.GetAttribute("href"));
        // An association has no associations below it to choose from.
        Assert.Null(page.QuerySelector("#forening"));
        // Another association as a filter on the own list gives nothing away.
        Assert.Equal(["Gränssson, Egen"], (await client.GetPageAsync(List(tierp, $"?q=gränssson&forening={uppsala}"))).Page.Names());

        foreach (var url in new[] { List(uppsala), List(uppsala, "?q=gränssson"), List(uppsala, "?handler=Csv"), List(uppsala, "?handler=Xlsx"), List(await factory.DistrictIdAsync()) })
        {
            var refused = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/atkomst-nekad", refused.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_member_without_assignments_and_a_board_member_without_the_right_are_refused()
    {
        var district = await factory.DistrictIdAsync();
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        foreach (var account in new[] { DemoSeeder.Member, DemoSeeder.BoardMember })
        {
            using var client = new AppClient(factory);
            await client.SignInAsDemoAsync(account.Email);
            foreach (var url in new[] { "/medlemmar", List(district), List(uppsala), List(uppsala, "?handler=Csv") })
            {
                var (response, page) = await client.GetPageAsync(url);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("Åtkomst nekad", page.QuerySelector("h1")!.TextContent);
            }
            var (_, start) = await client.GetPageAsync("/");
            Assert.Null(start.QuerySelector("nav.main-nav a[href='/medlemmar']"));
        }
    }

    [Fact]
    public async Task The_menu_leads_each_person_to_the_broadest_list_they_may_see_or_lets_them_choose()
    {
        using (var staff = await StaffAsync())
        {
            var (_, start) = await staff.GetPageAsync("/");
            Assert.NotNull(start.QuerySelector("nav.main-nav a[href='/medlemmar']"));
            var response = await staff.Http.GetAsync("/medlemmar");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(List(await factory.DistrictIdAsync()), response.Headers.Location!.OriginalString);
        }
        using (var chair = new AppClient(factory))
        {
            await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
            var response = await chair.Http.GetAsync("/medlemmar");
            Assert.Equal(List(await factory.UnitIdAsync("Vänsterpartiet Tierp")), response.Headers.Location!.OriginalString);
            var (_, details) = await chair.GetPageAsync($"/enheter/{await factory.UnitIdAsync("Vänsterpartiet Tierp")}");
            Assert.NotNull(details.QuerySelector("ul.page-actions a[href$='/medlemmar']"));
        }

        // Treasurer of two associations: two lists, neither inside the other.
        await using var data = new MemberTestData(factory);
        var first = await data.AssociationAsync("Vänsterpartiet Första");
        var second = await data.AssociationAsync("Vänsterpartiet Andra");
        var firstName = await factory.WithDbAsync((db, _) => Task.FromResult(db.Set<Distrikt.Features.Units.Unit>().Single(u => u.Id == first).Name));
        var email = await factory.PersonWithAccountAsync(firstName, "kassor");
        var personId = await factory.WithDbAsync((db, _) => Task.FromResult(db.Set<Distrikt.Features.People.Person>().Single(p => p.Email == email).Id));
        await data.Units.AssignAsync(personId, second, "kassor", Today.AddDays(-3));
        using var treasurer = new AppClient(factory);
        await treasurer.SignInWithLinkAsync(email);
        var (choice, page) = await treasurer.GetPageAsync("/medlemmar");
        Assert.Equal(HttpStatusCode.OK, choice.StatusCode);
        var links = page.QuerySelectorAll("main a[href$='/medlemmar']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(2, links.Count);
        Assert.Contains(List(first), links);
        Assert.Contains(List(second), links);
    }
}
