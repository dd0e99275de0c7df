using System.Net;
using Distrikt.Features.Care;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Care;

/// <summary>The care overview, a queue with its steps and export, through HTTP on the real database.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CarePageTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;
    private static string Overview(Guid unit) => $"/enheter/{unit}/medlemsvard";
    private static string Queue(Guid unit, string slug) => $"/enheter/{unit}/medlemsvard/{slug}";

    private async Task<AppClient> SignedInAsync(string email)
    {
        var client = new AppClient(factory);
        await client.SignInAsDemoAsync(email);
        return client;
    }

    private Task<List<CareStep>> StepsAsync(Guid personId) =>
        factory.WithDbAsync((db, _) => db.Set<CareStep>().AsNoTracking().Where(s => s.PersonId == personId).ToListAsync());

    private Task<Guid> PersonIdOfAsync(string email) =>
        factory.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.PersonId!.Value).SingleAsync());

    [Fact]
    public async Task The_overview_counts_each_queue_for_an_association_and_per_association_for_the_district()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Vårdöversikt");
        await data.PersonAsync(unit, "Ny", "Översiktsson", membership: m => m.StartedOn = Today.AddDays(-3));
        await data.PersonAsync(unit, "Nyare", "Översiktsson", membership: m => m.StartedOn = Today.AddDays(-1));
        await data.PersonAsync(unit, "Obetald", "Översiktsson", membership: m => { m.StartedOn = Today.AddYears(-3); m.FeePaidThrough = Today.AddDays(5); });
        using var client = await SignedInAsync(DemoSeeder.Staff.Email);

        var (response, page) = await client.GetPageAsync(Overview(unit));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queues = page.QuerySelectorAll(".care-queue a").Select(a => (Href: a.GetAttribute("href"), Text: a.TextContent.Trim())).ToList();
        Assert.Equal(4, queues.Count);
        Assert.Contains((Queue(unit, "nya"), "2 Nya medlemmar att välkomna"), queues.Select(q => (q.Href, System.Text.RegularExpressions.Regex.Replace(q.Text, @"\s+", " "))));
        Assert.Contains("1 Obetald avgift", page.Text(".care-queues"));
        Assert.Contains("de senaste 60 dagarna", page.Text(".care-queues"));
        // An association has no table of associations, and its board may not change the district's rules.
        Assert.Null(page.QuerySelector(".care-table"));

        var district = await factory.DistrictIdAsync();
        var (_, districtPage) = await client.GetPageAsync(Overview(district));
        var row = districtPage.QuerySelectorAll(".care-table tbody tr").Single(r => r.TextContent.Contains("Vänsterpartiet Vårdöversikt"));
        Assert.Equal(["2", "0", "1", "0"], row.QuerySelectorAll("td").Select(td => System.Text.RegularExpressions.Regex.Match(td.TextContent.Split(':').Last(), @"\d+").Value).ToList());
        Assert.Equal(Queue(unit, "nya"), row.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(districtPage.QuerySelector($"a[href='/enheter/{district}/medlemsvard/installningar']"));

        var entry = (await factory.AuditEntriesAsync("Medlemsvård", unit.ToString())).Last();
        Assert.Equal(AuditAction.View, entry.Action);
        Assert.Contains("nya 2", entry.Summary);
        Assert.DoesNotContain("Översiktsson", entry.Summary);
    }

    [Fact]
    public async Task A_queue_lists_the_longest_waiting_first_with_a_phone_link_and_the_do_not_contact_marker()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Vårdkö");
        await data.PersonAsync(unit, "Sen", "Köare", p => p.Phone = "+46701740611", m => m.StartedOn = Today.AddDays(-2));
        await data.PersonAsync(unit, "Tidig", "Köare", p => { p.Email = "tidig@prov.test"; p.DoNotContactSince = Today.AddDays(-1); }, m => m.StartedOn = Today.AddDays(-30));
        await data.PersonAsync(unit, "Mitten", "Köare", membership: m => m.StartedOn = Today.AddDays(-10));
        using var client = await SignedInAsync(DemoSeeder.Staff.Email);

        var (response, page) = await client.GetPageAsync(Queue(unit, "nya"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Köare, Tidig", "Köare, Mitten", "Köare, Sen"], page.QuerySelectorAll(".care-name a").Select(a => a.TextContent.Trim()).ToList());
        var cards = page.QuerySelectorAll(".care-person").ToList();
        Assert.Contains("Vill inte bli kontaktad", cards[0].TextContent);
        Assert.DoesNotContain("Vill inte bli kontaktad", cards[2].TextContent);
        Assert.Equal("mailto:tidig@prov.test", cards[0].QuerySelector("a[href^='mailto:']")!.GetAttribute("href"));
        Assert.Equal("tel:+46701740611", cards[2].QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
        Assert.Contains("för 30 dagar sedan", cards[0].TextContent);
        Assert.StartsWith("/personer/", cards[0].QuerySelector(".care-name a")!.GetAttribute("href"));
        Assert.Equal("Välkomnad: Tidig Köare", cards[0].QuerySelector("form.care-step button")!.TextContent.Trim());
        Assert.Equal($"/enheter/{unit}/ringlistor/ny?ko=nya", page.QuerySelectorAll(".export-links a").First().GetAttribute("href"));
        Assert.Contains("3 personer väntar", page.Text(".result-count"));

        var entry = (await factory.AuditEntriesAsync("Medlemsvård", unit.ToString())).Last();
        Assert.Equal("Visade kön nya för " + page.QuerySelector("h1 .subtitle")!.TextContent[2..] + ": 3 av 3 personer, sida 1", entry.Summary);

        // The lapsing queue shows the fee; an unknown queue is not found.
        await data.PersonAsync(unit, "Avgift", "Köare", membership: m => { m.StartedOn = Today.AddYears(-2); m.FeePaidThrough = Today.AddDays(-3); });
        var (_, lapsing) = await client.GetPageAsync(Queue(unit, "obetald-avgift"));
        Assert.Contains("Avgift betald t.o.m. " + Today.AddDays(-3).ToString("yyyy-MM-dd"), lapsing.Text(".care-list"));
        Assert.Equal("Påmind om avgiften: Avgift Köare", lapsing.QuerySelector("form.care-step button")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(Queue(unit, "okand-ko"))).StatusCode);
    }

    [Fact]
    public async Task Recording_a_step_takes_the_person_out_of_the_queue_and_is_logged_without_the_note()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Vårdsteg");
        var nora = await data.PersonAsync(unit, "Nora", "Stegsson", membership: m => m.StartedOn = Today.AddDays(-5));
        using var client = await SignedInAsync(DemoSeeder.Staff.Email);
        var url = Queue(unit, "nya");

        // Too long a note: a Swedish message at the field, what was typed kept, nothing written.
        var tooLong = new string('a', CareSteps.NoteMaxLength + 1);
        var refused = await client.SubmitAsync(url, "form.care-step", ("anteckning", tooLong));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await AppClient.ParseAsync(refused);
        Assert.Contains($"Anteckningen får vara högst {CareSteps.NoteMaxLength} tecken", refusedPage.Text(".error-summary"));
        var noteField = refusedPage.QuerySelector($"#{QueueModel.NoteId(nora)}")!;
        Assert.Equal("true", noteField.GetAttribute("aria-invalid"));
        Assert.Equal(tooLong, noteField.GetAttribute("value"));
        Assert.Empty(await StepsAsync(nora));

        var saved = await client.SubmitAsync(url, "form.care-step", ("anteckning", "Kommer på mötet i december."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await client.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Nora Stegsson: välkomnad. Hen har lämnat kön.", after.Text(".notice-success"));
        Assert.Contains("Ingen väntar", after.Text(".result-count"));

        var step = Assert.Single(await StepsAsync(nora));
        Assert.Equal((unit, CareQueue.New, Today, "Kommer på mötet i december."), (step.UnitId, step.Queue, step.DoneOn, step.Note));
        Assert.Equal(await PersonIdOfAsync(DemoSeeder.Staff.Email), step.DoneById);
        var entry = Assert.Single(await factory.AuditEntriesAsync("Person", nora.ToString()));
        Assert.Equal(AuditAction.Change, entry.Action);
        Assert.StartsWith("Registrerade medlemsvård i Vänsterpartiet Vårdsteg", entry.Summary);
        Assert.Contains("Välkomnad", entry.Summary);
        Assert.DoesNotContain("december", entry.Summary);
        Assert.DoesNotContain("Nora", entry.Summary);
    }

    [Fact]
    public async Task The_chair_of_Tierp_works_Tierps_queue_but_not_Uppsalas_even_with_a_forged_person_id()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var own = await data.PersonAsync(tierp, "Egen", "Gränsvakt", membership: m => m.StartedOn = Today.AddDays(-2));
        var other = await data.PersonAsync(uppsala, "Annan", "Gränsvakt", membership: m => m.StartedOn = Today.AddDays(-2));
        using var client = await SignedInAsync(DemoSeeder.Chair.Email);

        var (_, tierpPage) = await client.GetPageAsync(Queue(tierp, "nya"));
        Assert.Contains("Gränsvakt, Egen", tierpPage.Text(".care-list"));
        var form = tierpPage.QuerySelectorAll("form.care-step").Single(f => f.QuerySelector($"input[name=personId][value='{own}']") is not null);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // Another association's member, put into Tierp's form by hand.
        var forged = await client.Http.PostAsync($"{Queue(tierp, "nya")}?handler=Step", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["personId"] = other.ToString(), ["anteckning"] = "", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Contains("/atkomst-nekad", forged.Headers.Location!.OriginalString);
        // Nor through Uppsala's own queue, which the chair may not open.
        var direct = await client.Http.PostAsync($"{Queue(uppsala, "nya")}?handler=Step", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["personId"] = other.ToString(), ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("/atkomst-nekad", direct.Headers.Location!.OriginalString);
        Assert.Empty(await StepsAsync(other));
        Assert.Empty(await factory.AuditEntriesAsync("Person", other.ToString()));
        foreach (var url in new[] { Overview(uppsala), Queue(uppsala, "nya"), Queue(uppsala, "nya") + "?handler=Csv", Overview(await factory.DistrictIdAsync()) })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Contains("/atkomst-nekad", response.Headers.Location!.OriginalString);
        }

        // The chair's own member is theirs to welcome.
        var ok = await client.SubmitAsync(tierpPage, $"form.care-step:has(input[value='{own}'])", []);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Single(await StepsAsync(own));
    }

    [Fact]
    public async Task A_member_without_assignments_and_a_secretary_who_may_only_look_cannot_record_steps()
    {
        await using var data = new MemberTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using (var member = await SignedInAsync(DemoSeeder.Member.Email))
        {
            foreach (var url in new[] { Overview(tierp), Queue(tierp, "nya"), $"/enheter/{await factory.DistrictIdAsync()}/medlemsvard/installningar" })
            {
                var response = await member.Http.GetAsync(url);
                Assert.Contains("/atkomst-nekad", response.Headers.Location!.OriginalString);
            }
        }

        // A secretary sees people (with a strong sign-in) but may not change them: the list, without forms.
        var own = await data.AssociationAsync("Vänsterpartiet Vårdläsare");
        await data.PersonAsync(own, "Läst", "Tittsson", membership: m => m.StartedOn = Today.AddDays(-2));
        var ownName = await factory.WithDbAsync((db, _) => db.Set<Distrikt.Features.Units.Unit>().Where(u => u.Id == own).Select(u => u.Name).SingleAsync());
        var email = await factory.PersonWithAccountAsync(ownName, "sekreterare");
        using var secretary = new AppClient(factory);
        await secretary.SignInWithLinkAsync(email);
        var (response2, page) = await secretary.GetPageAsync(Queue(own, "nya"));
        Assert.Equal(HttpStatusCode.OK, response2.StatusCode);
        Assert.Contains("Tittsson, Läst", page.Text(".care-list"));
        Assert.Null(page.QuerySelector("form.care-step"));
        Assert.DoesNotContain(page.QuerySelectorAll(".export-links a"), a => a.TextContent.Contains("ringlista"));
    }

    [Fact]
    public async Task The_queue_exports_as_CSV_with_formulas_neutralised_and_the_export_is_logged()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Vårdexport");
        await data.PersonAsync(unit, "=HYPERLINK(\"http://x\")", "Exportsson", p => p.Phone = "+46701740622",
            m => { m.StartedOn = Today.AddYears(-2); m.FeePaidThrough = Today.AddDays(10); });
        await data.PersonAsync(unit, "Vanlig", "Exportsson", p => p.DoNotContactSince = Today.AddDays(-4),
            m => { m.StartedOn = Today.AddYears(-2); m.FeePaidThrough = Today.AddDays(-20); });
        using var client = await SignedInAsync(DemoSeeder.Staff.Email);

        var response = await client.Http.GetAsync(Queue(unit, "obetald-avgift") + "?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = MemberListPage.ParseCsv(System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(["Efternamn", "Förnamn", "Förening", "I kön sedan", "Avgift betald till och med", "Telefon", "E-post", "Vill inte bli kontaktad"], rows[0]);
        Assert.Equal(3, rows.Count);
        // Oldest first: the one whose fee ran out 20 days ago entered the queue first.
        Assert.Equal("Vanlig", rows[1][1]);
        Assert.Equal("sedan " + Today.AddDays(-4).ToString("yyyy-MM-dd"), rows[1][7]);
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[2][1]);
        Assert.Equal("070-174 06 22", rows[2][5]);

        var entry = (await factory.AuditEntriesAsync("Medlemsvård", unit.ToString())).Last();
        Assert.Equal(AuditAction.Export, entry.Action);
        Assert.EndsWith("som CSV: 2 personer", entry.Summary);
    }

    [Fact]
    public async Task A_queue_is_paged_fifty_at_a_time()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Vårdsidor");
        await factory.WithDbAsync(async (db, _) =>
        {
            for (var i = 0; i < 53; i++)
            {
                var p = new Person { FirstName = $"Nummer{i:00}", LastName = "Sidsson" };
                db.Add(p);
                db.Add(new Membership { Person = p, UnitId = unit, StartedOn = Today.AddDays(-(i % 40)) });
            }
            await db.SaveChangesAsync();
        });
        try
        {
            using var client = await SignedInAsync(DemoSeeder.Staff.Email);
            var (_, first) = await client.GetPageAsync(Queue(unit, "nya"));
            Assert.Equal(50, first.QuerySelectorAll(".care-person").Length);
            Assert.Contains("sida 1 av 2", first.Text(".result-count"));
            var (_, second) = await client.GetPageAsync(Queue(unit, "nya") + "?sida=2");
            Assert.Equal(3, second.QuerySelectorAll(".care-person").Length);
            var (_, beyond) = await client.GetPageAsync(Queue(unit, "nya") + "?sida=9");
            Assert.Contains("Sida 2 av 2", beyond.Text(".pager"));
        }
        finally
        {
            await factory.WithDbAsync((db, _) => db.Set<Person>().Where(p => p.LastName == "Sidsson").ExecuteDeleteAsync());
        }
    }
}
