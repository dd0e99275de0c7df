using System.Net;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Distrikt.Tests.Features.Gatherings;

/// <summary>An organiser cancels a whole gathering (<c>/traffar/{id}/installa</c>): who is told, what stays, what closes.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CancelGatheringTests(DistriktFactory factory)
{
    private const string Reason = "Lokalen är vattenskadad. Vi ses i stället den 12 maj, samma tid.";
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.Today).AddDays(20);

    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");

    private async Task<Guid> CreateAsync(AppClient staff, string title, params (string Key, string? Value)[] values) =>
        await staff.CreateGatheringAsync(await factory.DistrictIdAsync(), title, Day, values);

    private Task<(string Email, Guid PersonId)> MemberAsync(string association, string firstName) => factory.MemberWithAccountAsync(association, firstName);

    private Task<AppClient> SignedInAsync(string email) => factory.SignedInAsync(email);

    private async Task<AppClient> RegisteredAsync(Guid id, string email)
    {
        var client = await SignedInAsync(email);
        var (_, page) = await client.GetPageAsync($"/traffar/{id}");
        var response = await client.SubmitAsync(page, "form[action*='handler=Register']", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> CancelAsync(AppClient staff, IDocument page, string? message) =>
        staff.SubmitAsync(page, "main form", page.FormValues("main form", ("Message", message)));

    private List<MimeMessage> MailsTo(string email, string subject) => Directory.GetFiles(factory.MailFolder, "*.eml")
        .Select(f => MimeMessage.Load(f)).Where(m => m.To.Mailboxes.Any(x => x.Address == email) && m.Subject == subject).ToList();

    private static string Calendar(MimeMessage mail)
    {
        var part = Assert.Single(mail.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "text/calendar");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value after a term in the page's facts list.</summary>
    private static string Fact(IDocument page, string term) =>
        page.QuerySelectorAll("dl.facts dt").Single(dt => dt.TextContent.Trim() == term).NextElementSibling!.TextContent.Trim();

    private static string Property(string ics, string name) =>
        ics.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public async Task Cancelling_tells_everyone_still_registered_keeps_the_registrations_and_closes_the_gathering()
    {
        const string title = "Lokalledarträff som ställs in";
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, title, ("Form.Capacity", "2"));
        var url = $"/traffar/{id}";
        var (anna, _) = await MemberAsync("Vänsterpartiet Uppsala", "Anna");
        var (bo, _) = await MemberAsync("Vänsterpartiet Uppsala", "Bo");
        var (cilla, cillaId) = await MemberAsync("Vänsterpartiet Tierp", "Cilla");
        var (dag, _) = await MemberAsync("Vänsterpartiet Tierp", "Dag");
        var (eva, evaId) = await MemberAsync("Vänsterpartiet Enköping", "Eva");
        using var a = await RegisteredAsync(id, anna);
        using var b = await RegisteredAsync(id, bo);
        using var c = await RegisteredAsync(id, cilla);
        using var d = await RegisteredAsync(id, dag);
        // Bo cancels himself: Cilla is offered his seat, Dag waits.
        var (_, boPage) = await b.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(boPage, "form[action*='handler=Cancel']", [])).StatusCode);
        var before = await factory.WithDbAsync((db, _) => db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(RegistrationStatus.Offered, before.Single(r => r.PersonId == cillaId).Status);
        // Pages opened before the cancellation, whose forms are posted after it.
        var (_, cillaPage) = await c.GetPageAsync(url);
        Assert.NotNull(cillaPage.QuerySelector("form[action*='handler=Accept']"));
        using var e = await SignedInAsync(eva);
        var (_, evaPage) = await e.GetPageAsync(url);

        var (_, details) = await staff.GetPageAsync(url);
        Assert.NotNull(details.QuerySelector($"a[href='/traffar/{id}/installa']"));
        var (response, page) = await staff.GetPageAsync($"{url}/installa");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Text(page.QuerySelector("main")!);
        Assert.Contains(title, text);
        Assert.Equal("1", Fact(page, "Med plats"));
        Assert.Equal("1", Fact(page, "Erbjuden plats"));
        Assert.Equal("1", Fact(page, "På väntelistan"));
        Assert.Contains("3 anmälda får ett mejl", text);
        Assert.Equal("Meddelande till de anmälda", page.QuerySelector("label[for='Message']")!.TextContent);

        var cancelled = await CancelAsync(staff, page, Reason);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal($"/traffar/{id}?klart=installd", cancelled.Headers.Location!.OriginalString);
        (_, details) = await staff.GetPageAsync(cancelled.Headers.Location!.OriginalString);
        Assert.Contains("Träffen är inställd och de anmälda har fått ett mejl.", Text(details.Body!));
        Assert.Null(details.QuerySelector($"a[href='/traffar/{id}/installa']"));

        // Anna had a seat: her mail cancels the calendar entry her confirmation made (same UID, higher SEQUENCE).
        var annaMail = Assert.Single(MailsTo(anna, $"Inställd: {title}"));
        Assert.Contains(Reason, annaMail.TextBody);
        Assert.Contains("Du hade en plats.", annaMail.TextBody);
        var cancelIcs = Calendar(annaMail);
        Assert.Contains("METHOD:CANCEL", cancelIcs);
        Assert.Contains("STATUS:CANCELLED", cancelIcs);
        var confirmIcs = Calendar(Assert.Single(MailsTo(anna, $"Anmäld: {title}")));
        Assert.Equal(Property(confirmIcs, "UID"), Property(cancelIcs, "UID"));
        Assert.True(int.Parse(Property(cancelIcs, "SEQUENCE")) > int.Parse(Property(confirmIcs, "SEQUENCE")));
        // The offer and the waiting list are told without a calendar file; Bo, who cancelled himself, and Eva are not.
        var cillaMail = Assert.Single(MailsTo(cilla, $"Inställd: {title}"));
        Assert.Contains(Reason, cillaMail.TextBody);
        Assert.Contains("Du hade fått en plats erbjuden.", cillaMail.TextBody);
        Assert.Empty(cillaMail.Attachments);
        var dagMail = Assert.Single(MailsTo(dag, $"Inställd: {title}"));
        Assert.Contains("Du stod på väntelistan.", dagMail.TextBody);
        Assert.Empty(dagMail.Attachments);
        Assert.Empty(MailsTo(bo, $"Inställd: {title}"));
        Assert.Empty(MailsTo(eva, $"Inställd: {title}"));

        // The registrations are kept as they were; the gathering is marked cancelled.
        var after = await factory.WithDbAsync((db, _) => db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(before.Select(r => (r.PersonId, r.Status)), after.Select(r => (r.PersonId, r.Status)));
        Assert.NotNull(await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).Select(g => g.CancelledAt).SingleAsync()));
        var entry = Assert.Single(await factory.AuditEntriesAsync("Träff", id.ToString()), x => x.Summary.StartsWith("Ställde in", StringComparison.Ordinal));
        Assert.Equal(AuditAction.Change, entry.Action);
        Assert.DoesNotContain("Anna", entry.Summary);
        Assert.DoesNotContain(Reason, entry.Summary);

        // Cilla's offer can no longer be accepted, not even from the page she had open.
        Assert.Equal(HttpStatusCode.Redirect, (await c.SubmitAsync(cillaPage, "form[action*='handler=Accept']", [])).StatusCode);
        Assert.Equal(RegistrationStatus.Offered, await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id && r.PersonId == cillaId).Select(r => r.Status).SingleAsync()));
        Assert.Empty(MailsTo(cilla, $"Anmäld: {title}"));
        var (_, cillaNow) = await c.GetPageAsync(url);
        Assert.Null(cillaNow.QuerySelector("form[action*='handler=Accept']"));
        Assert.Contains("Träffen är inställd.", Text(cillaNow.Body!));

        // Nobody can register: the form is gone, and a post from an old page is refused with the page saying why.
        var (_, evaNow) = await e.GetPageAsync(url);
        Assert.Null(evaNow.QuerySelector("form[action*='handler=Register']"));
        var refused = await e.SubmitAsync(evaPage, "form[action*='handler=Register']", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await AppClient.ParseAsync(refused);
        Assert.Contains("Träffen är inställd.", Text(refusedPage.Body!));
        Assert.Null(refusedPage.QuerySelector("form[action*='handler=Register']"));
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Registration>().AnyAsync(r => r.GatheringId == id && r.PersonId == evaId)));

        // The list says so, and no reminder goes out even when the gathering would be due one.
        var (_, list) = await a.GetPageAsync("/traffar");
        var row = list.QuerySelectorAll("li.card").Single(li => li.TextContent.Contains(title));
        Assert.Contains("Inställd", row.TextContent);
        await factory.WithDbAsync(async (db, _) =>
        {
            var start = DateTimeOffset.UtcNow.AddHours(20);
            await db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, start).SetProperty(x => x.EndsAt, start.AddHours(2)));
        });
        await factory.Services.GetRequiredService<GatheringJob>().RunAsync(CancellationToken.None);
        Assert.Empty(MailsTo(anna, $"Påminnelse: {title}"));
    }

    [Fact]
    public async Task Cancelling_twice_says_it_is_already_cancelled_and_sends_no_second_mail()
    {
        const string title = "Temaseminarium som ställs in två gånger";
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, title);
        var (member, _) = await MemberAsync("Vänsterpartiet Uppsala", "Frida");
        using var m = await RegisteredAsync(id, member);

        // Two organisers press the button at the same moment: one cancels, the other is told.
        var (_, first) = await staff.GetPageAsync($"/traffar/{id}/installa");
        var (_, second) = await staff.GetPageAsync($"/traffar/{id}/installa");
        var responses = await Task.WhenAll(CancelAsync(staff, first, Reason), CancelAsync(staff, second, "Ett annat skäl."));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("Träffen är redan inställd", Text((await AppClient.ParseAsync(loser)).QuerySelector("main")!));

        // Once more, later: the same message, nothing changed, no form.
        var version = await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).Select(g => new { g.CancelledAt, g.SeatVersion }).SingleAsync());
        var again = await CancelAsync(staff, first, "Tredje gången.");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var page = await AppClient.ParseAsync(again);
        Assert.Contains("Träffen är redan inställd", Text(page.QuerySelector("main")!));
        Assert.Null(page.QuerySelector("main form"));
        Assert.Equal(version, await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).Select(g => new { g.CancelledAt, g.SeatVersion }).SingleAsync()));
        Assert.Single(MailsTo(member, $"Inställd: {title}"));
        Assert.Single(await factory.AuditEntriesAsync("Träff", id.ToString()), x => x.Summary.StartsWith("Ställde in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_organisers_may_cancel_and_the_message_is_required()
    {
        const string title = "Ordförandeträff som inte ställs in";
        using var staff = await SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateAsync(staff, title);
        var (member, _) = await MemberAsync("Vänsterpartiet Uppsala", "Gun");
        using var m = await RegisteredAsync(id, member);

        // A member who may see the gathering may not cancel it, by the page or by a post with a valid token.
        Assert.Equal(HttpStatusCode.Forbidden, (await m.GetPageAsync($"/traffar/{id}/installa")).Response.StatusCode);
        var (_, details) = await m.GetPageAsync($"/traffar/{id}");
        Assert.Null(details.QuerySelector($"a[href='/traffar/{id}/installa']"));
        var token = details.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var posted = await m.FollowAsync(await m.Http.PostAsync($"/traffar/{id}/installa",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Message", Reason)])));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetPageAsync($"/traffar/{Guid.NewGuid()}/installa")).Response.StatusCode);

        // An empty or overlong message is named; nothing is cancelled and no mail is sent.
        var (_, page) = await staff.GetPageAsync($"/traffar/{id}/installa");
        var empty = await CancelAsync(staff, page, "   ");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var refused = await AppClient.ParseAsync(empty);
        Assert.Contains("Skriv ett meddelande till de anmälda", refused.QuerySelector("#Message-error")!.TextContent);
        Assert.Equal("true", refused.QuerySelector("#Message")!.GetAttribute("aria-invalid"));
        Assert.NotNull(refused.QuerySelector(".error-summary a[href='#Message']"));
        var tooLong = await AppClient.ParseAsync(await CancelAsync(staff, page, new string('x', 2001)));
        Assert.Contains("Meddelandet till de anmälda är 2 001 tecken; som mest 2 000.", Text(tooLong.QuerySelector("#Message-error")!));
        // What was typed is kept.
        Assert.Equal(2001, tooLong.QuerySelector("#Message")!.TextContent.Length);

        Assert.Null(await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).Select(g => g.CancelledAt).SingleAsync()));
        Assert.Empty(MailsTo(member, $"Inställd: {title}"));
        Assert.DoesNotContain(await factory.AuditEntriesAsync("Träff", id.ToString()), x => x.Summary.StartsWith("Ställde in", StringComparison.Ordinal));
    }
}
