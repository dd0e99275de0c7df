using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>One goal of the plan, worked: its status, who answers for it, its activities with dates, and progress notes.</summary>
[Authorize]
public sealed class GoalModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Note(DateTimeOffset At, string? Author, string Text);

    public PlanGoal Goal { get; private set; } = null!;
    public OperationalPlan Plan { get; private set; } = null!;
    public string SectionTitle { get; private set; } = "";
    public string UnitName { get; private set; } = "";
    public IReadOnlyList<(Guid PersonId, string Name, string Assignments)> Candidates { get; private set; } = [];
    public IReadOnlyList<(Guid PersonId, string Name)> Responsible { get; private set; } = [];
    public IReadOnlyList<Note> Notes { get; private set; } = [];
    /// <summary>Gatherings linked to the goal, with their numbers.</summary>
    public IReadOnlyList<GoalGathering> Gatherings { get; private set; } = [];
    public FieldErrors Errors { get; } = new();
    [BindProperty] public string? ActivityText { get; set; }
    [BindProperty] public string? ActivityDate { get; set; }
    [BindProperty] public string? NoteText { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid goalId) => await LoadAsync(goalId) ?? Page();

    public async Task<IActionResult> OnPostStatusAsync(Guid goalId, GoalStatus status, string? reason) =>
        await ChangeAsync(goalId, ct => GoalFollowUp.SetStatusAsync(db, Goal, status, reason, clock.GetUtcNow(), Errors, "Status", ct),
            () => $"Satte mål {Goal.Order} i verksamhetsplanen {Plan.Year} för {UnitName} till ”{GoalFollowUp.StatusText(status)}”");

    public async Task<IActionResult> OnPostResponsibleAsync(Guid goalId, List<Guid> people) =>
        await ChangeAsync(goalId, ct => GoalFollowUp.SetResponsibleAsync(db, Goal, Plan.UnitId, people, SwedishFormat.Today(clock), Errors, ct),
            () => $"Ändrade vilka som ansvarar för mål {Goal.Order} i verksamhetsplanen {Plan.Year} för {UnitName} ({people.Count} ansvariga)");

    public async Task<IActionResult> OnPostActivityAsync(Guid goalId) =>
        await ChangeAsync(goalId, ct => GoalFollowUp.AddActivityAsync(db, Goal, ActivityText, ActivityDate, Errors, ct),
            () => $"Lade till en aktivitet till mål {Goal.Order} i verksamhetsplanen {Plan.Year} för {UnitName}");

    public async Task<IActionResult> OnPostMarkAsync(Guid goalId, Guid activityId, bool done) =>
        await ChangeAsync(goalId, async ct => await GoalFollowUp.MarkActivityAsync(db, Goal, activityId, done, clock.GetUtcNow(), ct) == 1,
            () => $"Markerade en aktivitet för mål {Goal.Order} i verksamhetsplanen {Plan.Year} som {(done ? "gjord" : "inte gjord")}");

    public async Task<IActionResult> OnPostNoteAsync(Guid goalId) =>
        await ChangeAsync(goalId, async ct => await GoalFollowUp.AddNoteAsync(db, Goal, (await accessResolver.GetAsync(ct)).PersonId, NoteText, clock.GetUtcNow(), Errors, ct),
            () => $"Skrev en anteckning om mål {Goal.Order} i verksamhetsplanen {Plan.Year} för {UnitName}");

    /// <summary>Loads and checks, runs the change, logs it, and shows the goal again (or the errors).</summary>
    private async Task<IActionResult> ChangeAsync(Guid goalId, Func<CancellationToken, Task<bool>> change, Func<string> summary)
    {
        if (await LoadAsync(goalId) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        if (!await change(ct))
        {
            if (!Errors.Any) return NotFound();
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Mål", goalId.ToString(), summary(), ct);
        return Redirect($"/verksamhetsplan/mal/{goalId}");
    }

    private async Task<IActionResult?> LoadAsync(Guid goalId)
    {
        var ct = HttpContext.RequestAborted;
        var goal = await db.Set<PlanGoal>().AsNoTracking().Include(g => g.Activities).FirstOrDefaultAsync(g => g.Id == goalId, ct);
        if (goal is null) return NotFound();
        var plan = await db.Set<OperationalPlan>().AsNoTracking().FirstAsync(p => p.Id == goal.PlanId, ct);
        var access = await accessResolver.GetAsync(ct);
        var today = SwedishFormat.Today(clock);
        if (!await PlanAccess.CanWorkAsync(db, access, plan.UnitId, today, ct)) return NotFound();
        goal.Activities.Sort((a, b) => (a.Date ?? DateOnly.MaxValue).CompareTo(b.Date ?? DateOnly.MaxValue) is var c && c != 0 ? c : a.Order.CompareTo(b.Order));
        Goal = goal;
        Plan = plan;
        SectionTitle = await db.Set<PlanSection>().Where(s => s.Id == goal.SectionId).Select(s => s.Title).FirstAsync(ct);
        UnitName = (await UnitDirectory.GetAsync(db, ct)).Units.TryGetValue(plan.UnitId, out var unit) ? unit.Name : "";
        Candidates = await GoalFollowUp.CandidatesAsync(db, plan.UnitId, today, ct);
        Responsible = (await db.Set<GoalResponsible>().AsNoTracking().Where(r => r.GoalId == goalId)
                .Select(r => new { r.PersonId, r.Person!.FirstName, r.Person.LastName }).ToListAsync(ct))
            .Select(r => (r.PersonId, $"{r.FirstName} {r.LastName}")).OrderBy(r => r.Item2, SwedishCollation.Comparer).ToList();
        Notes = (await db.Set<GoalNote>().AsNoTracking().Where(n => n.GoalId == goalId).OrderByDescending(n => n.At)
                .Select(n => new { n.At, n.Text, Author = db.Set<People.Person>().Where(p => p.Id == n.PersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault() })
                .ToListAsync(ct))
            .Select(n => new Note(n.At, n.Author, n.Text)).ToList();
        Gatherings = (await GoalEvidenceReport.GatheringsAsync(db, plan.Id, clock.GetUtcNow(), ct)).GetValueOrDefault(goalId) ?? [];
        return null;
    }
}
