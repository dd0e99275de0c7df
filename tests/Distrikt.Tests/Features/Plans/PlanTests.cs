using System.Net;
using System.Text;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Plans;
using Distrikt.Tests.Features.Gatherings;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Plans;

/// <summary>Reading in an adopted operational plan through the page, reviewing it, and following it up, on the real database.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PlanTests(DistriktFactory factory)
{
    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");

    public const string Adopted = """


        # Verksamhetsplan 2031 för Vänsterpartiet Uppsala län

        Distriktsstyrelsen ska under året arbeta för ett starkare parti i hela länet.

        ## Övergripande uppgifter

        Distriktet ska under året:

        - Stödja föreningarna i medlemsvården genom ett faddersystem där varje förening
          har en kontaktperson i styrelsen.
        • Genomföra minst tre ordförandeträffar, varje år, med barnpassning.
          - En på våren
          - En på hösten

        ## Specifika mål för 2031

        1. Utveckla motionsbanken och sprida den till föreningarna.
        2. Ta fram en valplan inför ”supervalåret”.
        """;

    internal static async Task<HttpResponseMessage> UploadAsync(AppClient client, Guid unitId, string fileName, byte[] content, string year)
    {
        var (_, page) = await client.GetPageAsync($"/enheter/{unitId}/verksamhetsplan");
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("main form input[name='__RequestVerificationToken']")!).Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(year), "Year" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await client.Http.PostAsync($"/enheter/{unitId}/verksamhetsplan", form);
    }

    [Fact]
    public async Task A_plan_is_read_in_reviewed_saved_and_followed_up_goal_by_goal()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var response = await UploadAsync(staff, district, "vp2031.md", Encoding.UTF8.GetBytes(Adopted), "2031");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.OriginalString;

        // The review: what was read, before anything counts as the plan.
        var (_, review) = await staff.GetPageAsync(url);
        Assert.Equal("Verksamhetsplan 2031 för Vänsterpartiet Uppsala län", review.QuerySelector("h1")!.TextContent.Trim());
        var reviewText = Text(review.QuerySelector("#review-heading")!.ParentElement!);
        Assert.Contains("2 avsnitt, 4 mål, 2 aktiviteter", reviewText);
        var goals = review.QuerySelectorAll("ol.plan-goals > li > p:first-child").Select(p => p.TextContent).ToList();
        Assert.Equal(
        [
            "Stödja föreningarna i medlemsvården genom ett faddersystem där varje förening har en kontaktperson i styrelsen.",
            "Genomföra minst tre ordförandeträffar, varje år, med barnpassning.",
            "Utveckla motionsbanken och sprida den till föreningarna.",
            "Ta fram en valplan inför ”supervalåret”.",
        ], goals);
        Assert.Contains("En på våren", Text(review.QuerySelector("ol.plan-goals")!));
        Assert.Contains("Distriktet ska under året:", Text(review.Body!)); // the lead-in is kept as prose
        Assert.Null(review.QuerySelector("form[action*='handler=Status']")); // not followed up before it is saved

        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(review, "form[action*='handler=Confirm']", [])).StatusCode);
        var (_, saved) = await staff.GetPageAsync(url);
        Assert.Contains("återkommande", Text(saved.QuerySelector("ol.plan-goals > li:nth-child(2)")!)); // "varje år"

        // A second plan for the same year is refused; the first stays.
        var again = await UploadAsync(staff, district, "vp2031.md", Encoding.UTF8.GetBytes(Adopted), "2031");
        Assert.Contains("Det finns redan en verksamhetsplan för 2031", Text((await AppClient.ParseAsync(again)).QuerySelector("#Year-error")!));

        // Follow-up: in progress, then dropped without a reason (refused), then with one.
        var goalId = await factory.WithDbAsync((db, _) => db.Set<PlanGoal>()
            .Where(g => g.Text.StartsWith("Utveckla motionsbanken") && db.Set<OperationalPlan>().Any(p => p.Id == g.PlanId && p.Year == 2031)).Select(g => g.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(saved, $"#goal-{goalId} form", [new("status", "InProgress")])).StatusCode);
        var dropped = await staff.SubmitAsync(saved, $"#goal-{goalId} form", [new("status", "Dropped"), new("reason", "")]);
        Assert.Contains("skriv varför", Text((await AppClient.ParseAsync(dropped)).QuerySelector($"#goal-{goalId}-error")!));
        Assert.Equal(GoalStatus.InProgress, await factory.WithDbAsync((db, _) => db.Set<PlanGoal>().Where(g => g.Id == goalId).Select(g => g.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(saved, $"#goal-{goalId} form", [new("status", "Dropped"), new("reason", "Skjuts till nästa år.")])).StatusCode);
        var (_, after) = await staff.GetPageAsync(url);
        Assert.Equal("1", after.QuerySelectorAll("#progress-heading + .stats .stat").Single(s => s.TextContent.Contains("ställd in")).QuerySelector(".stat-value")!.TextContent);
        Assert.Contains(await factory.AuditEntriesAsync("Mål", goalId.ToString()), e => e.Summary.Contains("ställd in"));

        // An activity whose date has passed without being done makes its goal overdue, in the count and on the goal.
        await factory.WithDbAsync((db, _) => db.Set<GoalActivity>().Where(a => a.Text == "En på våren" && db.Set<PlanGoal>().Any(g => g.Id == a.GoalId
            && db.Set<OperationalPlan>().Any(p => p.Id == g.PlanId && p.Year == 2031))).ExecuteUpdateAsync(x => x.SetProperty(a => a.Date, DateOnly.FromDateTime(DateTime.Today).AddDays(-3))));
        (_, after) = await staff.GetPageAsync(url);
        Assert.Equal("1", after.QuerySelectorAll("#progress-heading + .stats .stat").Single(s => s.TextContent.Contains("försenade")).QuerySelector(".stat-value")!.TextContent);
        Assert.Contains("försenad", Text(after.QuerySelector("ol.plan-goals > li:nth-child(2)")!));
        Assert.Contains("0 av 4 mål klara, 0 pågår, 1 inställda, 1 försenade", after.QuerySelector("#progress-heading ~ svg.plan-bar")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Bad_files_and_years_get_a_clear_message_and_nothing_is_stored()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        async Task<string> Refused(string fileName, byte[] content, string year, string field)
        {
            var response = await UploadAsync(staff, district, fileName, content, year);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Text((await AppClient.ParseAsync(response)).QuerySelector($"#{field}-error")!);
        }
        Assert.Contains("tom", await Refused("tom.txt", [], "2032", "file"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("inget Word-dokument", await Refused("plan.docx", Encoding.UTF8.GetBytes("Det här är ingen docx"), "2032", "file"));
        Assert.Contains("mellan 2000 och 2100", await Refused("plan.md", Encoding.UTF8.GetBytes(Adopted), "1850", "Year"));
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<OperationalPlan>().AnyAsync(p => p.Year == 2032 || p.Year == 1850)));

        // A text with no bullets at all is read as prose, with no goals, and says so.
        var response = await UploadAsync(staff, district, "prosa.txt", Encoding.UTF8.GetBytes("Verksamhetsplan 2033\n\nStyrelsen ska arbeta brett under året."), "2033");
        var (_, review) = await staff.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("0 mål", Text(review.QuerySelector("#review-heading")!.ParentElement!));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(review, "form[action*='handler=Discard']", [])).StatusCode);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<OperationalPlan>().AnyAsync(p => p.Year == 2033)));
    }

    [Fact]
    public async Task A_goal_gets_people_responsible_dated_activities_and_notes_and_the_responsible_sees_it_on_the_start_page()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var uploaded = await UploadAsync(staff, district, "vp2034.md", Encoding.UTF8.GetBytes(Adopted.Replace("2031", "2034")), "2034");
        var planUrl = uploaded.Headers.Location!.OriginalString;
        var (_, review) = await staff.GetPageAsync(planUrl);
        await staff.SubmitAsync(review, "form[action*='handler=Confirm']", []);
        var goalId = await factory.WithDbAsync((db, _) => db.Set<PlanGoal>()
            .Where(g => g.Text.StartsWith("Ta fram en valplan") && db.Set<OperationalPlan>().Any(p => p.Id == g.PlanId && p.Year == 2034)).Select(g => g.Id).SingleAsync());
        var url = $"/verksamhetsplan/mal/{goalId}";

        // The district board member is offered as responsible (a board seat in the district) and chosen.
        var (_, page) = await staff.GetPageAsync(url);
        var boardMemberBox = page.QuerySelectorAll("#Responsible label").Single(l => l.TextContent.Contains(DemoSeeder.BoardMember.LastName)).QuerySelector("input")!;
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, "form[action*='handler=Responsible']", [new("people", boardMemberBox.GetAttribute("value")!)])).StatusCode);

        // Activities: a bad date and an empty text are named; a dated one is added.
        (_, page) = await staff.GetPageAsync(url);
        var bad = await staff.SubmitAsync(page, "form[action*='handler=Activity']", [new("ActivityText", "Valplanen till styrelsen"), new("ActivityDate", "1 mars")]);
        Assert.Contains("ÅÅÅÅ-MM-DD", Text((await AppClient.ParseAsync(bad)).QuerySelector("#ActivityDate-error")!));
        var empty = await staff.SubmitAsync(page, "form[action*='handler=Activity']", [new("ActivityText", " "), new("ActivityDate", "")]);
        Assert.Contains("Skriv vad som ska göras", Text((await AppClient.ParseAsync(empty)).QuerySelector("#ActivityText-error")!));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, "form[action*='handler=Activity']", [new("ActivityText", "Valplanen till styrelsen"), new("ActivityDate", "2034-03-01")])).StatusCode);

        // The board member sees the goal and its next date on the start page.
        using (var board = await factory.SignedInAsync(DemoSeeder.BoardMember.Email))
        {
            var (_, start) = await board.GetPageAsync("/");
            var card = Text(start.QuerySelector("#goals-heading")!.ParentElement!);
            Assert.Contains("Ta fram en valplan", card);
            Assert.Contains("nästa: 2034-03-01 Valplanen till styrelsen", card);
            Assert.Equal(HttpStatusCode.OK, (await board.Http.GetAsync(url)).StatusCode);
        }

        // Done, and a note about it; an empty note is refused.
        (_, page) = await staff.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, ".activity form", [])).StatusCode);
        var noNote = await staff.SubmitAsync(page, "form[action*='handler=Note']", [new("NoteText", "")]);
        Assert.Contains("Skriv vad som har hänt", Text((await AppClient.ParseAsync(noNote)).QuerySelector("#NoteText-error")!));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, "form[action*='handler=Note']", [new("NoteText", "Styrelsen antog valplanen den 1 mars.")])).StatusCode);
        (_, page) = await staff.GetPageAsync(url);
        Assert.Contains("gjord", Text(page.QuerySelector(".activity")!));
        Assert.Contains("Styrelsen antog valplanen den 1 mars.", Text(page.QuerySelector(".notes")!));
        Assert.Contains(DemoSeeder.Staff.LastName, Text(page.QuerySelector(".notes")!));
        Assert.True((await factory.AuditEntriesAsync("Mål", goalId.ToString())).Count() >= 4);

        var (email, _) = await factory.MemberWithAccountAsync("Vänsterpartiet Uppsala", "Utanför");
        using var outsider = await factory.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Only_the_units_board_and_staff_work_its_plan()
    {
        var district = await factory.DistrictIdAsync();
        var (email, _) = await factory.MemberWithAccountAsync("Vänsterpartiet Uppsala", "Vanlig");
        using var member = await factory.SignedInAsync(email);
        var refused = await member.Http.GetAsync($"/enheter/{district}/verksamhetsplan");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/atkomst-nekad", refused.Headers.Location!.OriginalString);
        // The district board member (a board seat, no permissions) may.
        using var board = await factory.SignedInAsync(DemoSeeder.BoardMember.Email);
        Assert.Equal(HttpStatusCode.OK, (await board.Http.GetAsync($"/enheter/{district}/verksamhetsplan")).StatusCode);
    }
}
