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

/// <summary>How far a set of goals has come, for the bars; <see cref="Label"/> says it in words for screen readers.</summary>
public sealed record PlanProgress(int Total, int Done, int InProgress, int Dropped, int Overdue)
{
    public static PlanProgress Of(IReadOnlyCollection<PlanGoal> goals, DateOnly today) => new(goals.Count,
        goals.Count(g => g.Status == GoalStatus.Done), goals.Count(g => g.Status == GoalStatus.InProgress),
        goals.Count(g => g.Status == GoalStatus.Dropped), goals.Count(g => IsOverdue(g, today)));

    /// <summary>Open, with an activity whose date has passed and that is not marked done.</summary>
    public static bool IsOverdue(PlanGoal g, DateOnly today) =>
        g.Status is GoalStatus.NotStarted or GoalStatus.InProgress && g.Activities.Any(a => a.Date < today && a.DoneAt is null);

    public string Label => $"{Done} av {Total} mål klara, {InProgress} pågår, {Dropped} inställda, {Overdue} försenade";
}

/// <summary>
/// An operational plan as the board works it: per section, its goals in the adopted wording with their status, and
/// at the top how far the plan has come. A freshly imported plan is shown for review first, with what the import
/// did, and is confirmed or discarded here.
/// </summary>
[Authorize]
public sealed class DetailsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public OperationalPlan Plan { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public FieldErrors Errors { get; } = new();
    public string? Done { get; private set; }
    public DateOnly Today { get; private set; }
    /// <summary>The gatherings linked to each goal as evidence, by goal id.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<GoalGathering>> Gatherings { get; private set; } = new Dictionary<Guid, IReadOnlyList<GoalGathering>>();

    public async Task<IActionResult> OnGetAsync(Guid id, string? klart)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        Done = klart;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var confirmed = await db.Set<OperationalPlan>().Where(p => p.Id == id && p.ConfirmedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConfirmedAt, clock.GetUtcNow()), ct);
        if (confirmed == 1)
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Verksamhetsplan", id.ToString(),
                $"Godkände den inlästa verksamhetsplanen {Plan.Year} för {UnitName} ({Plan.Goals.Count} mål)", ct);
        return Redirect($"/verksamhetsplan/{id}?klart=sparad");
    }

    public async Task<IActionResult> OnPostDiscardAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (Plan.ConfirmedAt is not null) return Redirect($"/verksamhetsplan/{id}"); // a confirmed plan is not thrown away from here
        var ct = HttpContext.RequestAborted;
        await PlanImport.DeleteAsync(db, id, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Delete, "Verksamhetsplan", id.ToString(),
            $"Kastade en inläst verksamhetsplan {Plan.Year} för {UnitName} utan att spara den", ct);
        return Redirect($"/enheter/{Plan.UnitId}/verksamhetsplan");
    }

    /// <summary>A goal's status, with the reason when it was not carried out.</summary>
    public async Task<IActionResult> OnPostStatusAsync(Guid id, Guid goalId, GoalStatus status, string? reason)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        var goal = Plan.Goals.FirstOrDefault(g => g.Id == goalId);
        if (goal is null) return NotFound();
        var ct = HttpContext.RequestAborted;
        if (!await GoalFollowUp.SetStatusAsync(db, goal, status, reason, clock.GetUtcNow(), Errors, "goal-" + goalId, ct)) return Page();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Mål", goalId.ToString(),
            $"Satte mål {goal.Order} i verksamhetsplanen {Plan.Year} för {UnitName} till ”{GoalFollowUp.StatusText(status)}”", ct);
        return Redirect($"/verksamhetsplan/{id}#goal-{goalId}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var plan = await db.Set<OperationalPlan>().AsNoTracking().Include(p => p.Sections).Include(p => p.Goals).ThenInclude(g => g.Activities)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (!await PlanAccess.CanWorkAsync(db, access, plan.UnitId, SwedishFormat.Today(clock), ct)) return NotFound();
        plan.Sections.Sort((a, b) => a.Order.CompareTo(b.Order));
        plan.Goals.Sort((a, b) => a.Order.CompareTo(b.Order));
        Plan = plan;
        Today = SwedishFormat.Today(clock);
        UnitName = (await UnitDirectory.GetAsync(db, ct)).Units.TryGetValue(plan.UnitId, out var unit) ? unit.Name : "";
        Gatherings = await GoalEvidenceReport.GatheringsAsync(db, plan.Id, clock.GetUtcNow(), ct);
        return null;
    }
}
