using System.Net;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Features.Gatherings.Allocation;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Gatherings;

/// <summary>
/// A limited-seat application round through the pages on the real database: apply with a motivation, fix the list
/// and publish the seed, draw once, check the result by re-running the published list, and a declined seat going on
/// down the reserve list.
/// </summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ApplicationRoundTests(DistriktFactory factory)
{
    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.Today).AddDays(40);
    private const string ApplyForm = "form[action*='handler=Apply']";

    private List<MimeKit.MimeMessage> Mails() => Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();

    private async Task<Guid> CreateLotteryAsync(AppClient staff, string title, int seats, params (string Key, string? Value)[] rules) =>
        await staff.CreateGatheringAsync(await factory.DistrictIdAsync(), title, Day,
            [("Form.Type", "Conference"), ("Form.Sessions[0].Start", "09:00"), ("Form.Sessions[0].End", "17:00"), ("Form.Address", "Folkets hus, Stockholm"),
             ("Form.Capacity", seats.ToString()), ("Form.DeadlineDate", Day.AddDays(-20).ToString("yyyy-MM-dd")), ("Form.SeatsByLottery", "true"), .. rules]);

    private static async Task<HttpResponseMessage> ApplyAsync(AppClient client, Guid id, params (string Key, string? Value)[] values)
    {
        var (_, page) = await client.GetPageAsync($"/traffar/{id}");
        return await client.SubmitAsync(page, ApplyForm, page.FormValues(ApplyForm, values));
    }

    private Task CloseApplicationsAsync(Guid id) => factory.WithDbAsync((db, _) =>
        db.Set<Gathering>().Where(g => g.Id == id).ExecuteUpdateAsync(s => s.SetProperty(g => g.RegistrationDeadline, DateTimeOffset.UtcNow.AddMinutes(-1))));

    /// <summary>The published CSV back into applicants, as anyone re-running the draw would read it.</summary>
    private static List<Applicant> ParseList(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line =>
    {
        var f = line.Split(';');
        return new Applicant(int.Parse(f[0]), f[1].Length == 0 ? null : Guid.Parse(f[1]),
            f[2] switch { "woman" => ApplicantGender.Woman, "man" => ApplicantGender.Man, "other" => ApplicantGender.Other, _ => ApplicantGender.Unstated },
            f[3] == "1");
    }).ToList();

    [Fact]
    public async Task Members_apply_the_list_is_fixed_and_published_the_draw_runs_once_and_anyone_can_re_run_it()
    {
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var id = await CreateLotteryAsync(staff, "Vänsterdagarna – distriktets platser", 2,
            ("Form.LotteryMaxPerAssociation", "1"), ("Form.LotteryFirstTimersFirst", "true"));

        var applicants = new List<(string Email, Guid PersonId, AppClient Client)>();
        foreach (var (association, name) in new[] { ("Vänsterpartiet Uppsala", "Ada"), ("Vänsterpartiet Uppsala", "Bertil"), ("Vänsterpartiet Tierp", "Cecilia"), ("Vänsterpartiet Enköping", "David"), ("Vänsterpartiet Tierp", "Eva") })
        {
            var (email, personId) = await factory.MemberWithAccountAsync(association, name);
            applicants.Add((email, personId, await factory.SignedInAsync(email)));
        }
        try
        {
            var (adaEmail, adaId, ada) = applicants[0];
            // No motivation: the field is named, nothing stored.
            var refused = await ApplyAsync(ada, id);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Skriv några rader om varför du söker.", Text((await AppClient.ParseAsync(refused)).QuerySelector("#Motivation-error")!));
            Assert.False(await factory.WithDbAsync((db, _) => db.Set<Registration>().AnyAsync(r => r.GatheringId == id)));

            for (var i = 0; i < applicants.Count; i++)
            {
                var response = await ApplyAsync(applicants[i].Client, id, ("Form.Motivation", $"Jag vill lära mig mer om organisering ({i})."),
                    ("Form.FirstTime", i % 2 == 0 ? "true" : null));
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.EndsWith("?klart=ansokt", response.Headers.Location!.OriginalString);
            }
            Assert.Contains(Mails(), m => m.To.ToString().Contains(adaEmail) && m.Subject == "Ansökan mottagen: Vänsterdagarna – distriktets platser");
            var (_, mine) = await ada.GetPageAsync($"/traffar/{id}");
            Assert.Contains("Du har ansökt.", Text(mine.Body!));
            // Posting to the first-come handler does not give a seat: it is an application like the others.
            var viaRegister = await ada.Http.PostAsync($"/traffar/{id}?handler=Register", new FormUrlEncodedContent(mine.FormValues(ApplyForm, ("Form.Motivation", "Ändrad motivering."))));
            Assert.Equal(HttpStatusCode.Redirect, viaRegister.StatusCode);
            Assert.EndsWith("?klart=andrad", viaRegister.Headers.Location!.OriginalString);
            Assert.All(await factory.WithDbAsync((db, _) => db.Set<Registration>().Where(r => r.GatheringId == id).Select(r => r.Status).ToListAsync()),
                s => Assert.Equal(RegistrationStatus.Applied, s));

            // Someone who did not apply is not shown the round; an applicant is.
            var (outsiderEmail, _) = await factory.MemberWithAccountAsync("Vänsterpartiet Uppsala", "Fredrik");
            using (var outsider = await factory.SignedInAsync(outsiderEmail))
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"/traffar/{id}/lottning")).StatusCode);
            Assert.Contains("Ansökan är öppen", Text((await ada.GetPageAsync($"/traffar/{id}/lottning")).Page.Body!));

            // The window closes; a late application is refused with the reason.
            await CloseApplicationsAsync(id);
            var (_, closed) = await applicants[4].Client.GetPageAsync($"/traffar/{id}");
            Assert.Null(closed.QuerySelector(ApplyForm));
            Assert.Contains("Ansökan har stängt.", Text(closed.Body!));

            // The organiser fixes the list with a seed of their own; a second press changes nothing.
            var (_, round) = await staff.GetPageAsync($"/traffar/{id}/lottning");
            Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(round, "form[action*='handler=Fix']", [new("Seed", "vittnen-2026-11-24")])).StatusCode);
            var again = await staff.SubmitAsync(round, "form[action*='handler=Fix']", [new("Seed", "ett-annat-frö")]);
            Assert.Contains("Listan är redan fastställd", Text((await AppClient.ParseAsync(again)).Body!));
            var published = await factory.WithDbAsync((db, _) => db.Set<Gathering>().AsNoTracking().SingleAsync(g => g.Id == id));
            Assert.Equal("vittnen-2026-11-24", published.LotterySeed);

            // The seats and rules are frozen with the fingerprint.
            var (_, edit) = await staff.GetPageAsync($"/traffar/{id}/redigera");
            var changed = await staff.SubmitAsync(edit, "main form", edit.FormValues("main form", ("Form.Capacity", "3")));
            Assert.Contains("Listan är fastställd", Text((await AppClient.ParseAsync(changed)).Body!));

            // An applicant downloads the list: its fingerprint with the rules is the one on the page.
            var (_, page) = await applicants[2].Client.GetPageAsync($"/traffar/{id}/lottning");
            Assert.Contains(published.LotteryFingerprint!, Text(page.Body!));
            Assert.Contains("vittnen-2026-11-24", Text(page.Body!));
            Assert.Matches(@"Ditt nummer i lottningen: [1-5]", Text(page.Body!));
            var csv = await applicants[2].Client.Http.GetStringAsync($"/traffar/{id}/lottning?handler=List");
            var list = ParseList(csv);
            Assert.Equal([1, 2, 3, 4, 5], list.Select(a => a.Number).Order());
            var rules = new AllocationRules(2, FirstTimersFirst: true, MaxPerAssociation: 1);
            Assert.Equal(published.LotteryFingerprint, Lottery.Fingerprint(list, rules));
            Assert.Contains("python3 redraw.py list.csv vittnen-2026-11-24 2 first max=1", Text(page.Body!));
            Assert.Equal(3, list.Count(a => a.FirstTime)); // Ada, Cecilia and Eva said it was their first time
            var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
            Assert.Equal(2, list.Count(a => a.AssociationId == uppsala));

            // Eva withdraws after the list is fixed: she stays in the draw, and if drawn her seat goes on at once.
            var (_, evaPage) = await applicants[4].Client.GetPageAsync($"/traffar/{id}");
            Assert.Null(evaPage.QuerySelector("form[action*='handler=Cancel']")); // only seat holders and reserves may give up a place after the deadline
            var evaRegistration = await factory.WithDbAsync((db, _) => db.Set<Registration>().SingleAsync(r => r.GatheringId == id && r.PersonId == applicants[4].PersonId));
            await factory.WithDbAsync(async (db, _) =>
            {
                var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).SingleAsync(x => x.Id == id);
                await Registrations.CancelAsync(db, g, evaRegistration.Id, DateTimeOffset.UtcNow, CancellationToken.None);
            });

            // The draw. Pressed twice (two tabs): the second is refused and nothing is drawn or mailed again.
            (_, round) = await staff.GetPageAsync($"/traffar/{id}/lottning");
            var mailsBefore = Mails().Count;
            Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(round, "form[action*='handler=Draw']", [])).StatusCode);
            var mailsAfterDraw = Mails().Count;
            var twice = await staff.SubmitAsync(round, "form[action*='handler=Draw']", []);
            Assert.Contains("Lottningen gjordes redan", Text((await AppClient.ParseAsync(twice)).Body!));
            Assert.Equal(mailsAfterDraw, Mails().Count);

            // Re-running the published list with the published seed gives what the database holds.
            var expected = Lottery.Allocate(list, rules, "vittnen-2026-11-24");
            var byNumber = await factory.WithDbAsync((db, _) => db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id)
                .ToDictionaryAsync(r => r.ApplicationNumber!.Value));
            var evaNumber = byNumber.Values.Single(r => r.PersonId == applicants[4].PersonId).ApplicationNumber!.Value;
            foreach (var n in expected.Allocated.Where(n => n != evaNumber)) Assert.Equal(RegistrationStatus.Confirmed, byNumber[n].Status);
            Assert.Equal(expected.Reserve, byNumber.Values.Where(r => r.ReservePosition != null).OrderBy(r => r.ReservePosition).Select(r => r.ApplicationNumber!.Value));
            Assert.Equal(RegistrationStatus.Cancelled, byNumber[evaNumber].Status);
            Assert.True(byNumber.Values.Where(r => r.HoldsSeat).GroupBy(r => r.ApplicantAssociationId).All(x => x.Count() <= 1), "at most one seat per association");
            Assert.Equal(2, byNumber.Values.Count(r => r.HoldsSeat));
            var mails = Mails();
            Assert.Equal(expected.Allocated.Count(n => n != evaNumber), mails.Count(m => m.Subject == "Du har fått en plats: Vänsterdagarna – distriktets platser"));
            Assert.All(mails.Where(m => m.Subject!.StartsWith("Du har fått en plats", StringComparison.Ordinal)),
                m => Assert.Contains(m.Attachments, a => a.ContentType.MimeType == "text/calendar"));
            Assert.True(mailsAfterDraw - mailsBefore >= 3);

            // The result page: seats and reserve by number, and each applicant's own outcome.
            (_, page) = await applicants[2].Client.GetPageAsync($"/traffar/{id}/lottning");
            var resultText = Text(page.Body!);
            Assert.Contains($"Fick plats ({expected.Allocated.Count})", resultText);
            Assert.Contains(string.Join(" ", expected.Reserve), resultText);

            // A seat holder declines: the next on the reserve list who keeps within the cap is offered it by e-mail.
            var seatedNumber = byNumber.Values.First(r => r.Status == RegistrationStatus.Confirmed).ApplicationNumber!.Value;
            var holder = applicants.Single(a => a.PersonId == byNumber[seatedNumber].PersonId);
            var (_, holderPage) = await holder.Client.GetPageAsync($"/traffar/{id}");
            Assert.Contains("Du har fått en plats.", Text(holderPage.Body!));
            var decline = await holder.Client.SubmitAsync(holderPage, "form[action*='handler=Cancel']", []);
            Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
            var after = await factory.WithDbAsync((db, _) => db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id)
                .ToDictionaryAsync(r => r.ApplicationNumber!.Value));
            var stillSeated = after.Values.Where(r => r.HoldsSeat).Select(r => r.ApplicationNumber!.Value).ToHashSet();
            var next = Lottery.NextFromReserve(expected, list, rules, stillSeated.Where(n => after[n].Status == RegistrationStatus.Confirmed).ToHashSet(),
                after.Values.Where(r => r.Status == RegistrationStatus.Cancelled).Select(r => r.ApplicationNumber!.Value).ToHashSet());
            var offered = after.Values.Where(r => r.Status == RegistrationStatus.Offered).Select(r => r.ApplicationNumber!.Value).ToList();
            if (next is null) Assert.Empty(offered);
            else
            {
                Assert.Contains(next.Value, offered);
                var offeredEmail = applicants.Single(a => a.PersonId == after[next.Value].PersonId).Email;
                Assert.Contains(Mails(), m => m.To.ToString().Contains(offeredEmail) && (m.TextBody ?? "").Contains("reservlistan från lottningen"));
            }
            Assert.True(after.Values.Where(r => r.HoldsSeat).GroupBy(r => r.ApplicantAssociationId).All(x => x.Count() <= 1), "the cap holds after a decline too");
        }
        finally
        {
            foreach (var a in applicants) a.Client.Dispose();
        }
    }

    [Fact]
    public async Task A_lottery_needs_seats_and_a_deadline_and_a_motivation_within_bounds()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var (_, form) = await staff.GetPageAsync($"/enheter/{district}/traffar/ny");
        var refused = await staff.SubmitAsync(form, "main form", form.FormValues("main form",
            ("Form.Title", "Lottning utan platser"), ("Form.Sessions[0].Date", Day.ToString("yyyy-MM-dd")), ("Form.Sessions[0].Start", "09:00"),
            ("Form.Sessions[0].End", "17:00"), ("Form.Address", "Folkets hus"), ("Form.SeatsByLottery", "true"), ("Form.LotteryMaxPerAssociation", "0")));
        var page = await AppClient.ParseAsync(refused);
        Assert.Equal("Ange hur många platser som lottas.", Text(page.QuerySelector("#Capacity-error")!));
        Assert.Contains("Ange sista ansökningsdag", Text(page.QuerySelector("#DeadlineDate-error")!));
        Assert.Contains("minst 1", Text(page.QuerySelector("#LotteryMaxPerAssociation-error")!));

        var id = await CreateLotteryAsync(staff, "Lottning med könsfördelning", 3, ("Form.LotteryGenderBalance", "true"));
        var (email, personId) = await factory.MemberWithAccountAsync("Vänsterpartiet Tierp", "Greta");
        using var member = await factory.SignedInAsync(email);
        var tooLong = await ApplyAsync(member, id, ("Form.Motivation", new string('a', 1001)), ("Form.Gender", "Woman"));
        Assert.Contains("som mest 1 000", Text((await AppClient.ParseAsync(tooLong)).QuerySelector("#Motivation-error")!));
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(member, id, ("Form.Motivation", "Första gången jag kan åka."), ("Form.Gender", "Woman"))).StatusCode);
        var stored = await factory.WithDbAsync((db, _) => db.Set<Registration>().SingleAsync(r => r.GatheringId == id && r.PersonId == personId));
        Assert.Equal(ApplicantGender.Woman, stored.Gender);
        Assert.False(stored.FirstTime); // the rules do not put first-timers first, so the answer is not kept

        // Fixing before the window closes, or drawing before fixing, is refused with the reason.
        var (_, round) = await staff.GetPageAsync($"/traffar/{id}/lottning");
        Assert.Null(round.QuerySelector("form[action*='handler=Fix']"));
        var fixEarly = await staff.Http.PostAsync($"/traffar/{id}/lottning?handler=Fix", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, fixEarly.StatusCode); // no antiforgery token: refused before anything runs
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)round.QuerySelector("input[name='__RequestVerificationToken']")!).Value;
        fixEarly = await staff.Http.PostAsync($"/traffar/{id}/lottning?handler=Fix", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Contains("Ansökningstiden är inte slut än", Text((await AppClient.ParseAsync(fixEarly)).Body!));
        var drawEarly = await staff.Http.PostAsync($"/traffar/{id}/lottning?handler=Draw", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Contains("Fastställ listan och publicera slumpfröet först.", Text((await AppClient.ParseAsync(drawEarly)).Body!));
        await CloseApplicationsAsync(id);
        (_, round) = await staff.GetPageAsync($"/traffar/{id}/lottning");
        Assert.Null(round.QuerySelector("form[action*='handler=Draw']"));
        var seedTooLong = await staff.SubmitAsync(round, "form[action*='handler=Fix']", [new("Seed", new string('x', 201))]);
        Assert.Contains("som mest 200 tecken", Text((await AppClient.ParseAsync(seedTooLong)).QuerySelector("#Seed-error")!));
        Assert.Null(await factory.WithDbAsync((db, _) => db.Set<Gathering>().Where(g => g.Id == id).Select(g => g.LotteryFixedAt).SingleAsync()));
    }
}
