using System.Net;
using System.Text;
using AngleSharp.Dom;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Features.Plans;
using Distrikt.Tests.Features.Gatherings;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Plans;

/// <summary>A gathering linked to the goal it serves, on the gathering form, and its numbers under the goal on the plan page.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GoalEvidenceTests(DistriktFactory factory)
{
    // Years no other test plans for, so the plans offered are only these tests' own.
    private const int Year = 2037;
    private const int EmptyYear = 2038;
    private const int AssociationYear = 2039;

    // Worded unlike the other plan tests' plans, which find their goals by wording.
    private const string Adopted = """
        # Verksamhetsplan {0}

        ## Övergripande uppgifter

        - Ge alla föreningar stöd i medlemsvården.
        - Genomföra minst tre ordförandeträffar, varje år, med barnpassning för alla barn som anmäls.

        ## Specifika mål för {0}

        1. Hålla två temaseminarier om bostadspolitik.
        2. Skriva distriktets valplan.
        """;

    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Trim();

    /// <summary>Reads in <see cref="Adopted"/> for the unit and year and confirms it; returns the plan's id.</summary>
    private async Task<Guid> ConfirmedPlanAsync(AppClient staff, Guid unitId, int year)
    {
        var response = await PlanTests.UploadAsync(staff, unitId, $"vp{year}.md", Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, Adopted, year)), $"{year}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.OriginalString;
        var (_, review) = await staff.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(review, "form[action*='handler=Confirm']", [])).StatusCode);
        return Guid.Parse(url.Split('/')[^1].Split('?')[0]);
    }

    private Task<Guid> GoalAsync(Guid planId, int order) =>
        factory.WithDbAsync((db, _) => db.Set<PlanGoal>().Where(g => g.PlanId == planId && g.Order == order).Select(g => g.Id).SingleAsync());

    private Task<List<Guid>> LinkedGoalsAsync(Guid gatheringId) =>
        factory.WithDbAsync((db, _) => db.Set<GoalEvidence>().Where(e => e.Kind == EvidenceKind.Gathering && e.TargetId == gatheringId).Select(e => e.GoalId).ToListAsync());

    [Fact]
    public async Task A_gathering_linked_on_its_form_shows_under_the_goal_with_its_numbers_until_the_link_is_removed()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var planId = await ConfirmedPlanAsync(staff, district, Year);
        var chairsGoal = await GoalAsync(planId, 2); // "Genomföra minst tre ordförandeträffar …"
        var otherGoal = await GoalAsync(planId, 3); // "Hålla två temaseminarier …"

        // Linked when created, to a goal of the plan for the year of its first session.
        var id = await staff.CreateGatheringAsync(district, "Ordförandeträff våren", new DateOnly(Year, 3, 14),
            ("Form.ChildcareOffered", "true"), ("Form.GoalId", chairsGoal.ToString()));
        Assert.Equal([chairsGoal], await LinkedGoalsAsync(id));

        // The form shows the link, grouped under the plan and section, numbered as in the plan.
        var editUrl = $"/traffar/{id}/redigera";
        var (_, form) = await staff.GetPageAsync(editUrl);
        var selected = form.QuerySelector("#GoalId option[selected]")!;
        Assert.Equal(chairsGoal.ToString(), selected.GetAttribute("value"));
        Assert.Equal("Mål 2: Genomföra minst tre ordförandeträffar, varje år, med barnpassning för alla barn som…", selected.TextContent); // cut at a word
        Assert.Equal($"Vänsterpartiet Uppsala län {Year}: Övergripande uppgifter", selected.ParentElement!.GetAttribute("label"));

        // A goal that is not offered is refused with the field named, and the link stays as it was.
        var refused = await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.GoalId", Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await AppClient.ParseAsync(refused);
        Assert.Contains("Hör till mål i verksamhetsplanen", Text(refusedPage.QuerySelector("#GoalId-error")!));
        Assert.Equal("true", refusedPage.QuerySelector("#GoalId")!.GetAttribute("aria-invalid"));
        Assert.Equal([chairsGoal], await LinkedGoalsAsync(id));

        // Two register, one with two children in the childcare; one is checked in at the door.
        foreach (var (name, children) in new[] { ("Bevisanna", "3, 7"), ("Bevisbo", "") })
        {
            var (email, _) = await factory.MemberWithAccountAsync("Vänsterpartiet Uppsala", name);
            using var member = await factory.SignedInAsync(email);
            var (_, page) = await member.GetPageAsync($"/traffar/{id}");
            var registered = await member.SubmitAsync(page, "form[action*='handler=Register']",
                page.FormValues("form[action*='handler=Register']", ("Form.ChildAges", children)));
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }
        var (_, door) = await staff.GetPageAsync($"/traffar/{id}/incheckning?q=bevisbo");
        var row = Assert.Single(door.QuerySelectorAll("li[id^='r-']"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(door, $"#{row.Id} form", [])).StatusCode);

        // Before it starts: who has a seat and the children, not yet who came.
        var planUrl = $"/verksamhetsplan/{planId}";
        var (_, plan) = await staff.GetPageAsync(planUrl);
        var goal = plan.QuerySelector($"#goal-{chairsGoal}")!;
        Assert.Equal("1 träff, 2 deltagare, barnpassning för 2 barn", Text(goal.QuerySelector(".goal-evidence-summary")!));
        var line = Assert.Single(goal.QuerySelectorAll(".goal-evidence li"));
        Assert.Equal($"/traffar/{id}", line.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"Ordförandeträff våren · 14 mars {Year} · 2 deltagare, barnpassning för 2 barn", Text(line));
        Assert.Null(plan.QuerySelector($"#goal-{otherGoal} .goal-evidence"));

        // Once it has begun (an hour ago), the check-ins count too.
        await factory.WithDbAsync(async (db, _) =>
        {
            var start = DateTimeOffset.UtcNow.AddHours(-1);
            await db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, start).SetProperty(x => x.EndsAt, start.AddHours(2)));
        });
        (_, plan) = await staff.GetPageAsync(planUrl);
        Assert.Contains("2 deltagare, 1 incheckad, barnpassning för 2 barn", Text(plan.QuerySelector($"#goal-{chairsGoal} .goal-evidence li")!));

        // Edited to no goal: the link is gone, from the data and from the plan.
        (_, form) = await staff.GetPageAsync(editUrl);
        Assert.Equal(chairsGoal.ToString(), form.QuerySelector("#GoalId option[selected]")!.GetAttribute("value")); // kept, though the gathering now falls in another year
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.GoalId", "")))).StatusCode);
        Assert.Empty(await LinkedGoalsAsync(id));
        (_, plan) = await staff.GetPageAsync(planUrl);
        Assert.Null(plan.QuerySelector($"#goal-{chairsGoal} .goal-evidence"));
    }

    [Fact]
    public async Task An_associations_gathering_is_offered_its_own_plan_and_the_districts_and_no_field_when_there_are_no_goals()
    {
        var district = await factory.DistrictIdAsync();
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        await ConfirmedPlanAsync(staff, district, AssociationYear);
        var tierpPlan = await ConfirmedPlanAsync(staff, tierp, AssociationYear);

        var id = await staff.CreateGatheringAsync(tierp, "Medlemsmöte i Tierp", new DateOnly(AssociationYear, 5, 2));
        var (_, form) = await staff.GetPageAsync($"/traffar/{id}/redigera");
        var groups = form.QuerySelectorAll("#GoalId optgroup").Select(g => g.GetAttribute("label")!).ToList();
        Assert.Equal(
        [
            $"Vänsterpartiet Tierp {AssociationYear}: Övergripande uppgifter", $"Vänsterpartiet Tierp {AssociationYear}: Specifika mål för {AssociationYear}",
            $"Vänsterpartiet Uppsala län {AssociationYear}: Övergripande uppgifter", $"Vänsterpartiet Uppsala län {AssociationYear}: Specifika mål för {AssociationYear}",
        ], groups);
        Assert.Null(form.QuerySelector("#GoalId option[selected]")); // none linked: "Inget mål" shows first
        Assert.Empty(await LinkedGoalsAsync(id));

        // The association's own goal is taken.
        var tierpGoal = await GoalAsync(tierpPlan, 4);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.GoalId", tierpGoal.ToString())))).StatusCode);
        Assert.Equal([tierpGoal], await LinkedGoalsAsync(id));

        // A year whose only plan still awaits review: nothing to offer, so no field at all.
        var enkoping = await factory.UnitIdAsync("Vänsterpartiet Enköping");
        Assert.Equal(HttpStatusCode.Redirect, (await PlanTests.UploadAsync(staff, enkoping, "utkast.md", Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, Adopted, EmptyYear)), $"{EmptyYear}")).StatusCode);
        var empty = await staff.CreateGatheringAsync(enkoping, "Träff utan plan", new DateOnly(EmptyYear, 5, 2));
        (_, form) = await staff.GetPageAsync($"/traffar/{empty}/redigera");
        Assert.Null(form.QuerySelector("#GoalId"));
    }

    [Fact]
    public async Task The_demo_plan_shows_the_demo_gatherings_under_their_goals()
    {
        var district = await factory.DistrictIdAsync();
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var year = UnitTestExtensions.Today.Year;
        var planId = await factory.WithDbAsync((db, _) => db.Set<OperationalPlan>().Where(p => p.UnitId == district && p.Year == year).Select(p => p.Id).SingleAsync());
        var (_, plan) = await staff.GetPageAsync($"/verksamhetsplan/{planId}");
        var meetings = Text(plan.QuerySelector($"#goal-{await GoalAsync(planId, 2)}")!);
        Assert.Contains("Ordförandeträff hösten", meetings);
        Assert.Contains("Lokalledarträff (digital)", meetings);
        Assert.Contains("2 träffar", meetings);
        Assert.Contains("Temaseminarium: bostadspolitik", Text(plan.QuerySelector($"#goal-{await GoalAsync(planId, 5)}")!));
    }
}
