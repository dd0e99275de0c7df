using Distrikt.Features.Gatherings;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Plans;

/// <summary>What a piece of evidence is; stored as its number, so a kind keeps its number for good.</summary>
public enum EvidenceKind
{
    Gathering = 1,
}

/// <summary>
/// Something done for a goal, linked where it was created (a gathering now; campaigns, trainings, mailings and motion
/// intakes later), so the goal shows its numbers instead of anyone retyping them. The target lives in its own
/// feature's table, so there is no foreign key to it: a link whose target is gone is skipped when read.
/// </summary>
public sealed class GoalEvidence
{
    public Guid GoalId { get; set; }
    public EvidenceKind Kind { get; set; }
    public Guid TargetId { get; set; }
}

public sealed class GoalEvidenceConfiguration : IEntityTypeConfiguration<GoalEvidence>
{
    public void Configure(EntityTypeBuilder<GoalEvidence> b)
    {
        b.ToTable("goal_evidence");
        b.HasKey(e => new { e.GoalId, e.Kind, e.TargetId });
        b.HasOne<PlanGoal>().WithMany().HasForeignKey(e => e.GoalId).OnDelete(DeleteBehavior.Cascade);
        // The forms ask "which goal does this serve?" from the target's side.
        b.HasIndex(e => new { e.Kind, e.TargetId });
    }
}

/// <summary>A goal as offered on a form: grouped by its plan and section, with its number and the start of its wording.</summary>
public sealed record GoalChoice(Guid Id, string Group, int Number, string Text);

/// <summary>Linking evidence to a goal from the form where the evidence is created; the forms link one goal each.</summary>
public static class GoalLinks
{
    private const int ShortText = 90;

    /// <summary>
    /// The goals of the confirmed plans for <paramref name="year"/> of the unit and of the district it lies in (a
    /// district-wide goal is often carried out by an association), the unit's own first. <paramref name="keep"/>, the goal
    /// already linked, is offered even if it belongs to another year, so saving an unrelated change never drops the link.
    /// </summary>
    public static async Task<IReadOnlyList<GoalChoice>> ChoicesAsync(DistriktDb db, Guid unitId, int year, Guid? keep, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var units = new List<Guid> { unitId };
        if (directory.DistrictOf(unitId) is { } district && district != unitId) units.Add(district);
        var plans = await db.Set<OperationalPlan>().AsNoTracking()
            .Where(p => p.ConfirmedAt != null && ((p.Year == year && units.Contains(p.UnitId)) || p.Goals.Any(g => g.Id == keep)))
            .Select(p => new { p.Id, p.UnitId, p.Year }).ToListAsync(ct);
        if (plans.Count == 0) return [];
        var planIds = plans.Select(p => p.Id).ToList();
        var offered = plans.Where(p => p.Year == year && units.Contains(p.UnitId)).Select(p => p.Id).ToList();
        var sections = await db.Set<PlanSection>().AsNoTracking().Where(s => planIds.Contains(s.PlanId))
            .ToDictionaryAsync(s => s.Id, s => (s.Order, s.Title), ct);
        var goals = await db.Set<PlanGoal>().AsNoTracking().Where(g => offered.Contains(g.PlanId) || g.Id == keep)
            .Select(g => new { g.Id, g.PlanId, g.SectionId, g.Order, g.Text }).ToListAsync(ct);
        return goals
            .Select(g => (Goal: g, Plan: plans.Single(p => p.Id == g.PlanId), Section: sections.GetValueOrDefault(g.SectionId)))
            .OrderBy(x => units.IndexOf(x.Plan.UnitId) is var i and >= 0 ? i : units.Count).ThenBy(x => x.Plan.Year).ThenBy(x => x.Section.Order).ThenBy(x => x.Goal.Order)
            .Select(x => new GoalChoice(x.Goal.Id,
                $"{(directory.Units.TryGetValue(x.Plan.UnitId, out var u) ? u.Name : "")} {x.Plan.Year}: {(string.IsNullOrEmpty(x.Section.Title) ? "Mål" : x.Section.Title)}",
                x.Goal.Order, Shorten(x.Goal.Text)))
            .ToList();
    }

    public static Task<Guid?> LinkedGoalAsync(DistriktDb db, EvidenceKind kind, Guid targetId, CancellationToken ct) =>
        db.Set<GoalEvidence>().Where(e => e.Kind == kind && e.TargetId == targetId).OrderBy(e => e.GoalId).Select(e => (Guid?)e.GoalId).FirstOrDefaultAsync(ct);

    /// <summary>Links the target to the goal, replacing any earlier link; null removes it.</summary>
    public static async Task SetAsync(DistriktDb db, EvidenceKind kind, Guid targetId, Guid? goalId, CancellationToken ct)
    {
        await db.Set<GoalEvidence>().Where(e => e.Kind == kind && e.TargetId == targetId && e.GoalId != goalId).ExecuteDeleteAsync(ct);
        if (goalId is not { } id || await db.Set<GoalEvidence>().AnyAsync(e => e.Kind == kind && e.TargetId == targetId && e.GoalId == id, ct)) return;
        db.Add(new GoalEvidence { GoalId = id, Kind = kind, TargetId = targetId });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Cut at a word near <see cref="ShortText"/> characters: enough to tell goals apart in a list on a phone.</summary>
    public static string Shorten(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= ShortText) return text;
        var cut = text.LastIndexOf(' ', ShortText);
        return text[..(cut > ShortText / 2 ? cut : ShortText)].TrimEnd(',', ';', ':', '.', ' ') + "…";
    }
}

/// <summary>A linked gathering as its goal shows it: when, and how many came.</summary>
/// <param name="Participants">Registrations holding a seat.</param>
/// <param name="CheckedIn">Of those, checked in at the door; meaningful once <paramref name="Started"/>.</param>
/// <param name="Children">Children of confirmed registrations in the gathering's childcare.</param>
public sealed record GoalGathering(Guid Id, string Title, DateOnly? Date, bool Started, bool Cancelled, int Participants, int CheckedIn, int Children);

/// <summary>The evidence shown on the plan page, read for the whole plan at once.</summary>
public static class GoalEvidenceReport
{
    /// <summary>The gatherings linked to the plan's goals, by goal, in date order; links to gatherings that are gone are skipped.</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<GoalGathering>>> GatheringsAsync(DistriktDb db, Guid planId, DateTimeOffset now, CancellationToken ct)
    {
        var links = await db.Set<GoalEvidence>().AsNoTracking()
            .Where(e => e.Kind == EvidenceKind.Gathering && db.Set<PlanGoal>().Any(g => g.Id == e.GoalId && g.PlanId == planId))
            .Select(e => new { e.GoalId, e.TargetId }).ToListAsync(ct);
        if (links.Count == 0) return new Dictionary<Guid, IReadOnlyList<GoalGathering>>();
        var ids = links.Select(l => l.TargetId).Distinct().ToList();
        var gatherings = await db.Set<Gathering>().AsNoTracking().Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.Title, g.CancelledAt, g.ChildcareOffered, First = g.Sessions.Min(s => (DateTimeOffset?)s.StartsAt) })
            .ToDictionaryAsync(g => g.Id, ct);
        var seats = await db.Set<Registration>().AsNoTracking()
            .Where(r => ids.Contains(r.GatheringId) && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Offered))
            .GroupBy(r => r.GatheringId).Select(x => new { x.Key, Seats = x.Count(), CheckedIn = x.Count(r => r.CheckedInAt != null) })
            .ToDictionaryAsync(x => x.Key, ct);
        // As the childcare is planned (Childcare.Plan): the children of confirmed registrations.
        var children = await db.Set<Registration>().AsNoTracking()
            .Where(r => ids.Contains(r.GatheringId) && r.Status == RegistrationStatus.Confirmed)
            .SelectMany(r => r.Children, (r, c) => r.GatheringId)
            .GroupBy(g => g).Select(x => new { x.Key, Count = x.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var shown = gatherings.Values.Select(g => new GoalGathering(g.Id, g.Title,
                g.First is { } first ? DateOnly.FromDateTime(SwedishFormat.Local(first)) : null, g.First is { } start && start <= now, g.CancelledAt is not null,
                seats.TryGetValue(g.Id, out var s) ? s.Seats : 0, s?.CheckedIn ?? 0, g.ChildcareOffered ? children.GetValueOrDefault(g.Id) : 0))
            .ToDictionary(g => g.Id);
        return links.Where(l => shown.ContainsKey(l.TargetId)).GroupBy(l => l.GoalId)
            .ToDictionary(x => x.Key, x => (IReadOnlyList<GoalGathering>)x.Select(l => shown[l.TargetId]).OrderBy(g => g.Date ?? DateOnly.MaxValue).ThenBy(g => g.Title, SwedishCollation.Comparer).ToList());
    }

    /// <summary>One line for the goal: "2 träffar, 41 deltagare, barnpassning för 6 barn". Cancelled gatherings do not count.</summary>
    public static string Summary(IReadOnlyList<GoalGathering> gatherings)
    {
        var held = gatherings.Where(g => !g.Cancelled).ToList();
        var participants = held.Sum(g => g.Participants);
        var children = held.Sum(g => g.Children);
        var line = $"{SwedishFormat.Number(held.Count)} {(held.Count == 1 ? "träff" : "träffar")}, {SwedishFormat.Number(participants)} deltagare";
        return children > 0 ? $"{line}, barnpassning för {SwedishFormat.Number(children)} barn" : line;
    }

    /// <summary>The numbers of one gathering, for its line under the goal.</summary>
    public static string Numbers(GoalGathering g)
    {
        if (g.Cancelled) return "inställd";
        var parts = new List<string> { $"{SwedishFormat.Number(g.Participants)} deltagare" };
        if (g.Started) parts.Add($"{SwedishFormat.Number(g.CheckedIn)} {(g.CheckedIn == 1 ? "incheckad" : "incheckade")}");
        if (g.Children > 0) parts.Add($"barnpassning för {SwedishFormat.Number(g.Children)} barn");
        return string.Join(", ", parts);
    }
}
