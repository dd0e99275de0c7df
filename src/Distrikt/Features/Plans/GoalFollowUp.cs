using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>
/// Following up one goal: its status, who answers for it, its activities and progress notes. The checks live here so
/// the plan page and the goal page accept and refuse the same things, with the same Swedish words.
/// </summary>
public static class GoalFollowUp
{
    public const int MaxNoteLength = 4000;
    public const int MaxActivityLength = 2000;
    public const int MaxReasonLength = 2000;

    public static string StatusText(GoalStatus s) => s switch
    {
        GoalStatus.InProgress => "pågår",
        GoalStatus.Done => "klar",
        GoalStatus.Dropped => "ställd in / inte genomförd",
        _ => "ej påbörjad",
    };

    /// <summary>Sets the status; a dropped goal needs its reason. False, with the error under <paramref name="key"/>, when refused.</summary>
    public static async Task<bool> SetStatusAsync(DistriktDb db, PlanGoal goal, GoalStatus status, string? reason, DateTimeOffset now, FieldErrors errors, string key, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!Enum.IsDefined(status)) errors.Add(key, "Välj en status.");
        else if (status == GoalStatus.Dropped && reason is null) errors.Add(key, $"Mål {goal.Order}: skriv varför målet ställdes in eller inte genomfördes.");
        else if (reason is { Length: > MaxReasonLength }) errors.Add(key, $"Mål {goal.Order}: som mest 2 000 tecken; nu {SwedishFormat.Number(reason.Length)}.");
        if (errors.Any) return false;
        await db.Set<PlanGoal>().Where(g => g.Id == goal.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, status)
            .SetProperty(g => g.StatusReason, status == GoalStatus.Dropped ? reason : null).SetProperty(g => g.StatusChangedAt, now), ct);
        return true;
    }

    /// <summary>
    /// Who may be made responsible for the unit's goals: everyone holding an assignment in the unit today, board seats
    /// first, each once, by name.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid PersonId, string Name, string Assignments)>> CandidatesAsync(DistriktDb db, Guid unitId, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.UnitId == unitId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, Type = a.AssignmentType!.Name, a.AssignmentType.IsBoardSeat })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId)
            .Select(x => (x.Key, $"{x.First().FirstName} {x.First().LastName}", string.Join(", ", x.Select(r => r.Type).Distinct()), Board: x.Any(r => r.IsBoardSeat)))
            .OrderByDescending(x => x.Board).ThenBy(x => x.Item2, SwedishCollation.Comparer)
            .Select(x => (x.Key, x.Item2, x.Item3)).ToList();
    }

    /// <summary>Replaces who answers for the goal; only people from <see cref="CandidatesAsync"/> are taken.</summary>
    public static async Task<bool> SetResponsibleAsync(DistriktDb db, PlanGoal goal, Guid unitId, IReadOnlyCollection<Guid> people, DateOnly today, FieldErrors errors, CancellationToken ct)
    {
        var candidates = (await CandidatesAsync(db, unitId, today, ct)).Select(c => c.PersonId).ToHashSet();
        var kept = await db.Set<GoalResponsible>().Where(r => r.GoalId == goal.Id).Select(r => r.PersonId).ToListAsync(ct);
        // Someone responsible whose assignment has ended may stay; nobody new from outside the unit's assignments.
        if (people.Any(p => !candidates.Contains(p) && !kept.Contains(p)))
        {
            errors.Add("Responsible", "En av de valda har inget uppdrag i enheten längre. Välj igen.");
            return false;
        }
        await db.Set<GoalResponsible>().Where(r => r.GoalId == goal.Id && !people.Contains(r.PersonId)).ExecuteDeleteAsync(ct);
        db.AddRange(people.Distinct().Where(p => !kept.Contains(p)).Select(p => new GoalResponsible { GoalId = goal.Id, PersonId = p }));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task<bool> AddActivityAsync(DistriktDb db, PlanGoal goal, string? text, string? date, FieldErrors errors, CancellationToken ct)
    {
        text = text?.Trim();
        DateOnly? day = null;
        if (string.IsNullOrEmpty(text)) errors.Add("ActivityText", "Skriv vad som ska göras.");
        else if (text.Length > MaxActivityLength) errors.Add("ActivityText", $"Som mest 2 000 tecken; nu {SwedishFormat.Number(text.Length)}.");
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
                errors.Add("ActivityDate", "Skriv datumet som ÅÅÅÅ-MM-DD.");
            else day = d;
        }
        if (errors.Any) return false;
        var order = 1 + await db.Set<GoalActivity>().Where(a => a.GoalId == goal.Id).Select(a => (int?)a.Order).MaxAsync(ct) ?? 1;
        db.Add(new GoalActivity { GoalId = goal.Id, Order = order, Text = text!, Date = day });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static Task<int> MarkActivityAsync(DistriktDb db, PlanGoal goal, Guid activityId, bool done, DateTimeOffset now, CancellationToken ct) =>
        db.Set<GoalActivity>().Where(a => a.Id == activityId && a.GoalId == goal.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DoneAt, done ? now : null), ct);

    public static async Task<bool> AddNoteAsync(DistriktDb db, PlanGoal goal, Guid? personId, string? text, DateTimeOffset now, FieldErrors errors, CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add("NoteText", "Skriv vad som har hänt.");
        else if (text.Length > MaxNoteLength) errors.Add("NoteText", $"Som mest 4 000 tecken; nu {SwedishFormat.Number(text.Length)}.");
        if (errors.Any) return false;
        db.Add(new GoalNote { GoalId = goal.Id, PersonId = personId, At = now, Text = text! });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>For the start page: the open goals one answers for in confirmed plans, with the next dated activity not yet done.</summary>
    public static async Task<IReadOnlyList<MyGoal>> MineAsync(DistriktDb db, Guid? personId, CancellationToken ct)
    {
        if (personId is not { } id) return [];
        var goals = await db.Set<GoalResponsible>().AsNoTracking()
            .Where(r => r.PersonId == id)
            .Join(db.Set<PlanGoal>(), r => r.GoalId, g => g.Id, (r, g) => g)
            .Join(db.Set<OperationalPlan>().Where(p => p.ConfirmedAt != null), g => g.PlanId, p => p.Id, (g, p) => new { g.Id, g.Order, g.Text, g.Status, p.Year })
            .Where(g => g.Status == GoalStatus.NotStarted || g.Status == GoalStatus.InProgress)
            .ToListAsync(ct);
        if (goals.Count == 0) return [];
        var ids = goals.Select(g => g.Id).ToList();
        var next = (await db.Set<GoalActivity>().AsNoTracking().Where(a => ids.Contains(a.GoalId) && a.Date != null && a.DoneAt == null)
                .Select(a => new { a.GoalId, a.Date, a.Text }).ToListAsync(ct))
            .GroupBy(a => a.GoalId).ToDictionary(x => x.Key, x => x.OrderBy(a => a.Date).First());
        return goals.Select(g => new MyGoal(g.Id, g.Year, g.Order, g.Text, g.Status, next.TryGetValue(g.Id, out var a) ? a.Date : null, a?.Text))
            .OrderBy(g => g.NextDate ?? DateOnly.MaxValue).ThenBy(g => g.Year).ThenBy(g => g.Order).Take(10).ToList();
    }
}

/// <summary>A goal one answers for, as the start page lists it.</summary>
public sealed record MyGoal(Guid GoalId, int Year, int Order, string Text, GoalStatus Status, DateOnly? NextDate, string? NextActivity);
