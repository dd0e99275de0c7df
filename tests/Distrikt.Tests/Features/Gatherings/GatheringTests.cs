using System.Net;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Features.Gatherings;

/// <summary>Gatherings through the pages on the real database: arranging, registering, the waiting list, visibility, check-in.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatheringTests(DistriktFactory factory)
{
    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.Today).AddDays(20);

    private Task<(string Email, Guid PersonId)> MemberAsync(string association, string firstName) => factory.MemberWithAccountAsync(association, firstName);

    private Task<AppClient> SignedInAsync(string email) => factory.SignedInAsync(email);

    private static Task<Guid> CreateAsync(AppClient staff, Guid unitId, string title, params (string Key, string? Value)[] values) =>
        staff.CreateGatheringAsync(unitId, title, Day, values);

    private static Task<HttpResponseMessage> RegisterAsync(AppClient client, IDocument page, params (string Key, string? Value)[] values) =>
        client.SubmitAsync(page, "form[action*='handler=Register']", page.FormValues("form[action*='handler=Register']", values));

    [Fact]
    public async Task Members_register_until_it_is_full_and_the_waiting_list_moves_up_when_someone_cancels()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, district, "Ordförandeträff med barnpassning",
            ("Form.Capacity", "2"), ("Form.ChildcareOffered", "true"), ("Form.ChildrenPerMinder", "3"),
            ("Form.Questions[0].Text", "Allergier"), ("Form.Questions[0].Kind", "Text"), ("Form.Questions[0].Sensitive", "true"),
            ("Form.Questions[1].Text", "Äter du lunch?"), ("Form.Questions[1].Kind", "YesNo"), ("Form.Questions[1].Required", "true"));
        var created = Assert.Single(await factory.AuditEntriesAsync("Träff", id.ToString()));
        Assert.Equal(AuditAction.Create, created.Action);

        var (anna, _) = await MemberAsync("Vänsterpartiet Uppsala", "Anna");
        var (bo, _) = await MemberAsync("Vänsterpartiet Tierp", "Bo");
        var (cilla, cillaId) = await MemberAsync("Vänsterpartiet Enköping", "Cilla");
        using var a = await SignedInAsync(anna);
        using var b = await SignedInAsync(bo);
        using var c = await SignedInAsync(cilla);
        var url = $"/traffar/{id}";
        var lunch = await factory.WithDbAsync((db, _) => db.Set<GatheringQuestion>().Where(q => q.GatheringId == id && q.Kind == QuestionKind.YesNo).Select(q => q.Id).SingleAsync());
        var allergy = await factory.WithDbAsync((db, _) => db.Set<GatheringQuestion>().Where(q => q.GatheringId == id && q.Sensitive).Select(q => q.Id).SingleAsync());

        var (_, page) = await a.GetPageAsync(url);
        var registered = await RegisterAsync(a, page, ("Form.ChildAges", "3, 7"), ("Form.ChildcareNeeds", "Nötallergi"), ($"Form.Answers[{lunch}]", "ja"), ($"Form.Answers[{allergy}]", "Gluten"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var (_, mine) = await a.GetPageAsync(registered.Headers.Location!.OriginalString);
        Assert.Contains("Du är anmäld.", Text(mine.Body!));
        // The confirmation carries the calendar file.
        var mail = Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Single(m => m.To.ToString().Contains(anna) && m.Subject == "Anmäld: Ordförandeträff med barnpassning");
        Assert.Contains(mail.Attachments, x => x.ContentType.MimeType == "text/calendar");

        // Anna's own data shows the registration with her children, their needs and her answers, on the page and in the file.
        var (_, own) = await a.GetPageAsync("/mina-uppgifter");
        var ownText = Text(own.QuerySelector("section[aria-labelledby='registrations-heading']")!);
        Assert.Contains("Ordförandeträff med barnpassning", ownText);
        Assert.Contains("barn 3, 7 år", ownText);
        Assert.Contains("Nötallergi", ownText);
        Assert.Contains("Allergier: Gluten", await a.Http.GetStringAsync("/mina-uppgifter?handler=Json"));

        (_, page) = await b.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(b, page, ($"Form.Answers[{lunch}]", "nej"))).StatusCode);
        (_, page) = await c.GetPageAsync(url);
        Assert.Contains("Ställ mig på väntelistan", Text(page.Body!));
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(c, page, ($"Form.Answers[{lunch}]", "ja"))).StatusCode);
        (_, page) = await c.GetPageAsync(url);
        Assert.Contains("Du står på väntelistan som nummer 1.", Text(page.Body!));

        // The organiser sees the two, the waiting list, Anna's children in their age bands and her sensitive answer.
        var (_, participants) = await staff.GetPageAsync($"{url}/deltagare");
        var text = Text(participants.Body!);
        Assert.Contains("Gluten", text);
        Assert.Contains("Nötallergi", text);
        Assert.Contains("Cilla Träffsson", participants.QuerySelector("#waiting-heading + ol")!.TextContent);
        var childcare = participants.QuerySelectorAll("table.care-table tbody td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["0", "1", "1", "0", "2", "2"], childcare);
        Assert.Contains(await factory.AuditEntriesAsync("Deltagarlista", id.ToString()), e => e.Action == AuditAction.View && !e.Summary.Contains("Anna"));

        // Anna cancels: Cilla is offered the seat and told by e-mail; she accepts.
        (_, page) = await a.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await a.SubmitAsync(page, "form[action*='handler=Cancel']", [])).StatusCode);
        var offer = Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Single(m => m.To.ToString().Contains(cilla) && (m.Subject ?? "").StartsWith("En plats", StringComparison.Ordinal));
        Assert.Contains($"/traffar/{id}", offer.TextBody);
        (_, page) = await c.GetPageAsync(url);
        Assert.Contains("En plats har blivit ledig åt dig.", Text(page.Body!));
        Assert.Equal(HttpStatusCode.Redirect, (await c.SubmitAsync(page, "form[action*='handler=Accept']", [])).StatusCode);
        Assert.Equal(RegistrationStatus.Confirmed, await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id && r.PersonId == cillaId).Select(r => r.Status).SingleAsync()));

        // Bo's page shows the QR code to show at the door; the code it carries picks Bo out on the check-in page.
        (_, page) = await b.GetPageAsync(url);
        Assert.NotNull(page.QuerySelector("img[alt='QR-kod för incheckning']"));
        var code = await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id && r.Person!.Email == bo).Select(r => r.CheckInCode).SingleAsync());
        var (_, scanned) = await staff.GetPageAsync($"{url}/incheckning?kod={code}");
        Assert.Contains("Bo Träffsson", scanned.QuerySelector("#scanned")!.TextContent);
        Assert.Null((await staff.GetPageAsync($"{url}/incheckning?kod=fel")).Page.QuerySelector("#scanned"));

        // At the door: Bo is found by name and checked in.
        var (_, door) = await staff.GetPageAsync($"{url}/incheckning?q=bo");
        var row = Assert.Single(door.QuerySelectorAll("li[id^='r-']"));
        Assert.Contains("Bo Träffsson", row.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(door, $"#{row.Id} form", [])).StatusCode);
        (_, door) = await staff.GetPageAsync($"{url}/incheckning");
        Assert.Contains("1 av 2 incheckade", Text(door.Body!));

        var csv = await staff.Http.GetByteArrayAsync($"{url}/deltagare?handler=Csv");
        var lines = System.Text.Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(await factory.AuditEntriesAsync("Deltagarlista", id.ToString()), e => e.Action == AuditAction.Export && e.Summary.Contains("2 personer"));
        // The printable list opens as a PDF and holds the participants, with the Swedish letters intact.
        var pdf = await staff.Http.GetByteArrayAsync($"{url}/deltagare?handler=Pdf");
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var words = string.Join(" ", document.GetPages().Select(p => p.Text));
            Assert.Contains("Cilla", words);
            Assert.Contains("Träffsson", words);
            Assert.Contains("Anmälda (2)", string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        }
    }

    [Fact]
    public async Task Bad_registrations_are_refused_with_a_message_naming_the_field_and_nothing_is_stored()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, district, "Träff med strikta frågor", ("Form.ChildcareOffered", "true"),
            ("Form.Questions[0].Text", "Vad vill du diskutera?"), ("Form.Questions[0].Kind", "Text"), ("Form.Questions[0].Required", "true"));
        var (email, personId) = await MemberAsync("Vänsterpartiet Uppsala", "Dag");
        using var client = await SignedInAsync(email);
        var question = await factory.WithDbAsync((db, _) => db.Set<GatheringQuestion>().Where(q => q.GatheringId == id).Select(q => q.Id).SingleAsync());
        async Task<string> Refused(params (string, string?)[] values)
        {
            var (_, page) = await client.GetPageAsync($"/traffar/{id}");
            var response = await RegisterAsync(client, page, values);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Text((await AppClient.ParseAsync(response)).QuerySelector(".error-summary")!);
        }
        Assert.Contains("Barn 1: åldern ska vara mellan 0 och 17 år", await Refused(("Form.ChildAges", "-1"), ($"Form.Answers[{question}]", "x")));
        Assert.Contains("Barn 2: åldern ska vara mellan 0 och 17 år", await Refused(("Form.ChildAges", "4, 40"), ($"Form.Answers[{question}]", "x")));
        Assert.Contains("Som mest 10 barn per anmälan", await Refused(("Form.ChildAges", string.Join(",", Enumerable.Repeat("5", 50))), ($"Form.Answers[{question}]", "x")));
        Assert.Contains("”tre” är ingen ålder", await Refused(("Form.ChildAges", "tre"), ($"Form.Answers[{question}]", "x")));
        Assert.Contains("Svaret är 100 000 tecken; som mest 2 000", await Refused(($"Form.Answers[{question}]", new string('a', 100_000))));
        Assert.Contains("Svara på frågan ”Vad vill du diskutera?”", await Refused());
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Registration>().AnyAsync(r => r.GatheringId == id && r.PersonId == personId)));

        // After the deadline the form is gone, and a post is refused.
        await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).ExecuteUpdateAsync(s => s.SetProperty(g => g.RegistrationDeadline, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var (_, closed) = await client.GetPageAsync($"/traffar/{id}");
        Assert.Contains("Anmälan har stängt.", Text(closed.Body!));
        Assert.Null(closed.QuerySelector("form[action*='handler=Register']"));
    }

    [Fact]
    public async Task An_associations_internal_gathering_is_not_seen_by_members_of_other_associations()
    {
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, uppsala, "Internt möte i Uppsala");
        var (insider, _) = await MemberAsync("Vänsterpartiet Uppsala", "Inga");
        var (outsider, _) = await MemberAsync("Vänsterpartiet Tierp", "Olle");
        using var inside = await SignedInAsync(insider);
        using var outside = await SignedInAsync(outsider);
        Assert.Equal(HttpStatusCode.OK, (await inside.GetPageAsync($"/traffar/{id}")).Response.StatusCode);
        Assert.Contains("Internt möte i Uppsala", Text((await inside.GetPageAsync("/traffar")).Page.Body!));
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetPageAsync($"/traffar/{id}")).Response.StatusCode);
        Assert.DoesNotContain("Internt möte i Uppsala", Text((await outside.GetPageAsync("/traffar")).Page.Body!));
        // Nor may a member arrange or read who registered.
        Assert.Equal(HttpStatusCode.Forbidden, (await inside.GetPageAsync($"/traffar/{id}/deltagare")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await inside.GetPageAsync($"/enheter/{uppsala}/traffar/ny")).Response.StatusCode);
        // The calendar file is there for whoever may see it.
        var ics = await inside.Http.GetStringAsync($"/traffar/{id}?handler=Ics");
        Assert.Contains("DTSTART;TZID=Europe/Stockholm:" + Day.ToString("yyyyMMdd") + "T180000", ics);
    }

    [Fact]
    public async Task The_gathering_form_names_each_field_it_cannot_accept()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var (_, form) = await staff.GetPageAsync($"/enheter/{district}/traffar/ny");
        var response = await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.Title", ""), ("Form.MeetingLink", "javascript:alert(1)"),
            ("Form.Capacity", "0"), ("Form.Sessions[0].Date", "2026-13-01"), ("Form.Questions[0].Text", "Välj"), ("Form.Questions[0].Kind", "Choice"), ("Form.Questions[0].Choices", "bara ett")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Equal("Skriv en rubrik.", page.QuerySelector("#Title-error")!.TextContent);
        Assert.Contains("https://", page.QuerySelector("#MeetingLink-error")!.TextContent);
        Assert.Contains("mellan 1 och 100 000", page.QuerySelector("#Capacity-error")!.TextContent);
        Assert.Contains("Pass 1: skriv datumet som ÅÅÅÅ-MM-DD", page.QuerySelector("[id='Sessions[0]-error']")!.TextContent);
        Assert.Contains("minst två alternativ", page.QuerySelector("[id='Questions[0]-error']")!.TextContent);
    }

    [Fact]
    public async Task Many_people_taking_the_last_seats_at_the_same_moment_never_overfill_the_gathering()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, district, "Populär kurs", ("Form.Capacity", "3"));
        var clients = new List<(AppClient Client, IDocument Page)>();
        foreach (var i in Enumerable.Range(0, 8))
        {
            var (email, _) = await MemberAsync("Vänsterpartiet Uppsala", $"Snabb{i}");
            var client = await SignedInAsync(email);
            clients.Add((client, (await client.GetPageAsync($"/traffar/{id}")).Page));
        }
        var responses = await Task.WhenAll(clients.Select(c => RegisterAsync(c.Client, c.Page)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var statuses = await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id).Select(r => r.Status).ToListAsync());
        Assert.Equal(8, statuses.Count);
        Assert.Equal(3, statuses.Count(s => s == RegistrationStatus.Confirmed));
        Assert.Equal(5, statuses.Count(s => s == RegistrationStatus.Waiting));
        foreach (var (client, _) in clients) client.Dispose();
    }

    [Fact]
    public async Task An_offer_that_runs_out_passes_to_the_next_in_line_and_sensitive_answers_are_erased_after_the_gathering()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, district, "Kurs med kort svarstid", ("Form.Capacity", "1"), ("Form.ChildcareOffered", "true"),
            ("Form.Questions[0].Text", "Tillgänglighet"), ("Form.Questions[0].Kind", "Text"), ("Form.Questions[0].Sensitive", "true"));
        var people = new List<Guid>();
        foreach (var name in new[] { "Först", "Andra", "Tredje" })
        {
            var (email, personId) = await MemberAsync("Vänsterpartiet Uppsala", name);
            people.Add(personId);
            using var client = await SignedInAsync(email);
            var (_, page) = await client.GetPageAsync($"/traffar/{id}");
            await RegisterAsync(client, page, ("Form.ChildAges", "5"), ("Form.ChildcareNeeds", "Behöver vila"));
        }
        // The one with the seat cancels through the organiser's data: the second is offered it, lets it run out, the third gets it.
        await factory.WithDbAsync(async (db, _) =>
        {
            var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).SingleAsync(x => x.Id == id);
            var first = await db.Set<Registration>().SingleAsync(r => r.GatheringId == id && r.PersonId == people[0]);
            var offer = await Registrations.CancelAsync(db, g, first.Id, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal(people[1], offer!.PersonId);
            await db.Set<Registration>().Where(r => r.Id == offer.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.OfferExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        });
        var job = factory.Services.GetRequiredService<GatheringJob>();
        var (offers, _, _) = await job.RunAsync(CancellationToken.None);
        Assert.True(offers >= 1);
        var byPerson = await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id).ToDictionaryAsync(r => r.PersonId, r => r.Status));
        Assert.Equal(RegistrationStatus.Cancelled, byPerson[people[1]]);
        Assert.Equal(RegistrationStatus.Offered, byPerson[people[2]]);

        // Two weeks after the gathering the children's needs are gone; the registrations stay.
        await factory.WithDbAsync(async (db, _) =>
        {
            await db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.StartsAt, DateTimeOffset.UtcNow.AddDays(-30)).SetProperty(x => x.EndsAt, DateTimeOffset.UtcNow.AddDays(-30).AddHours(2)));
            Assert.True(await GatheringJob.EraseSensitiveAsync(db, DateTimeOffset.UtcNow, CancellationToken.None) >= 3);
            Assert.False(await db.Set<Registration>().AnyAsync(r => r.GatheringId == id && r.ChildcareNeeds != null));
            Assert.Equal(3, await db.Set<Registration>().CountAsync(r => r.GatheringId == id));
        });
    }

    [Fact]
    public async Task A_members_private_feed_lists_their_gatherings_until_the_address_is_replaced_and_the_public_feed_only_public_ones()
    {
        var district = await factory.DistrictIdAsync();
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var internalId = await CreateAsync(staff, uppsala, "Flödesmöte internt");
        await CreateAsync(staff, district, "Flödesseminarium öppet", ("Form.IsPublic", "true"));
        var (email, _) = await MemberAsync("Vänsterpartiet Uppsala", "Frida");
        using var member = await SignedInAsync(email);
        var (_, settings) = await member.GetPageAsync("/traffar/kalender");
        var made = await member.SubmitAsync(settings, "form[action*='handler=Renew']", []);
        var address = (await AppClient.ParseAsync(made)).QuerySelector("#feed-address")!.GetAttribute("value")!;
        var path = new Uri(address).PathAndQuery;

        using var calendarApp = new AppClient(factory);
        var feed = await calendarApp.Http.GetStringAsync(path);
        Assert.Contains("SUMMARY:Flödesmöte internt", feed);
        Assert.Contains("SUMMARY:Flödesseminarium öppet", feed);
        Assert.Contains($"UID:", feed);

        var publicFeed = await calendarApp.Http.GetStringAsync($"/kalender/offentlig/{district}");
        Assert.Contains("SUMMARY:Flödesseminarium öppet", publicFeed);
        Assert.DoesNotContain("Flödesmöte internt", publicFeed);

        // A new address: the old one is not found any more.
        (_, settings) = await member.GetPageAsync("/traffar/kalender");
        await member.SubmitAsync(settings, "form[action*='handler=Renew']", []);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.Http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.Http.GetAsync("/kalender/forfalskad-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.Http.GetAsync($"/kalender/offentlig/{internalId}")).StatusCode);
    }

    [Fact]
    public async Task Those_with_a_seat_are_reminded_once_and_the_organiser_gets_the_numbers_when_registration_closes()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, district, "Påminnelseträff", ("Form.Capacity", "1"));
        var (first, _) = await MemberAsync("Vänsterpartiet Uppsala", "Rut");
        var (second, _) = await MemberAsync("Vänsterpartiet Uppsala", "Sten");
        foreach (var email in new[] { first, second })
        {
            using var client = await SignedInAsync(email);
            var (_, page) = await client.GetPageAsync($"/traffar/{id}");
            await RegisterAsync(client, page);
        }
        // Tomorrow morning, and registration closed an hour ago.
        await factory.WithDbAsync(async (db, _) =>
        {
            var start = DateTimeOffset.UtcNow.AddHours(20);
            await db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, start).SetProperty(x => x.EndsAt, start.AddHours(2)));
            await db.Set<Gathering>().Where(g => g.Id == id).ExecuteUpdateAsync(s => s.SetProperty(g => g.RegistrationDeadline, DateTimeOffset.UtcNow.AddHours(-1)));
        });
        var job = factory.Services.GetRequiredService<GatheringJob>();
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        var mails = Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        Assert.Single(mails, m => m.Subject == "Påminnelse: Påminnelseträff" && m.To.ToString().Contains(first));
        Assert.DoesNotContain(mails, m => m.Subject == "Påminnelse: Påminnelseträff" && m.To.ToString().Contains(second));
        var notice = Assert.Single(mails, m => m.Subject == "Anmälan stängd: Påminnelseträff");
        Assert.Contains("Anmälda: 1 av 1 platser", notice.TextBody);
        Assert.Contains("På väntelistan: 1", notice.TextBody);
    }

    [Fact]
    public async Task Registering_again_changes_the_registration_and_after_cancelling_joins_the_end_of_the_line()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        const string title = "Kurs med en plats";
        var id = await CreateAsync(staff, district, title, ("Form.Capacity", "1"));
        var url = $"/traffar/{id}";
        var (ada, _) = await MemberAsync("Vänsterpartiet Uppsala", "Ada");
        var (berit, beritId) = await MemberAsync("Vänsterpartiet Uppsala", "Berit");
        var (cecilia, ceciliaId) = await MemberAsync("Vänsterpartiet Tierp", "Cecilia");
        using var a = await SignedInAsync(ada);
        using var b = await SignedInAsync(berit);
        using var c = await SignedInAsync(cecilia);
        async Task<string> Register(AppClient client)
        {
            var (_, page) = await client.GetPageAsync(url);
            var response = await RegisterAsync(client, page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!.OriginalString;
        }
        // Oldest first: the files are named by the time they were written.
        List<string> WaitingMails(string email) => Directory.GetFiles(factory.MailFolder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeKit.MimeMessage.Load(f))
            .Where(m => m.To.ToString().Contains(email) && m.Subject == $"Väntelista: {title}").Select(m => m.TextBody ?? "").ToList();

        Assert.EndsWith("klart=anmald", await Register(a));
        Assert.EndsWith("klart=vantelista", await Register(b));
        Assert.EndsWith("klart=vantelista", await Register(c));
        Assert.Contains("som nummer 1.", Assert.Single(WaitingMails(berit)));
        Assert.Contains("som nummer 2.", Assert.Single(WaitingMails(cecilia)));

        // Sending the form again changes Berit's registration: still first in line, and no second mail.
        Assert.EndsWith("klart=andrad", await Register(b));
        Assert.Single(WaitingMails(berit));

        // Berit cancels and registers again: the same registration, now behind Cecilia.
        var (_, mine) = await b.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(mine, "form[action*='handler=Cancel']", [])).StatusCode);
        Assert.EndsWith("klart=vantelista", await Register(b));
        Assert.Contains("som nummer 2.", WaitingMails(berit)[^1]);
        var rows = await factory.WithDbAsync((db, _) => db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Single(rows, r => r.Status == RegistrationStatus.Confirmed);
        Assert.True(rows.Single(r => r.PersonId == ceciliaId).QueuedAt < rows.Single(r => r.PersonId == beritId).QueuedAt);
        Assert.All(rows, r => Assert.NotEmpty(r.CheckInCode));
    }

    [Fact]
    public async Task A_gathering_for_chairs_is_seen_and_registered_for_by_a_chair_and_by_no_other_member()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var chairType = await factory.WithDbAsync((db, _) => db.Set<Distrikt.Features.Assignments.AssignmentType>()
            .Where(t => t.Key == Distrikt.Features.Assignments.StandardAssignmentTypes.Chair).Select(t => t.Id).SingleAsync());
        var id = await CreateAsync(staff, district, "Möte för ordförande", ("Form.Invitation", "AssignmentHolders"), ("Form.InvitedTypes", chairType.ToString()));

        using var chair = await SignedInAsync(DemoSeeder.Chair.Email);
        var (_, page) = await chair.GetPageAsync($"/traffar/{id}");
        var registered = await RegisterAsync(chair, page);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.EndsWith("klart=anmald", registered.Headers.Location!.OriginalString);

        var (member, _) = await MemberAsync("Vänsterpartiet Tierp", "Greta");
        using var other = await SignedInAsync(member);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/traffar/{id}")).StatusCode);
    }
}
