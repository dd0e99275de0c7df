using System.Globalization;
using System.Text;
using Distrikt.Features.Plans.Import;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>
/// Turns a plan read from its document (<see cref="PlanFileReader"/>) into a unit's operational plan for a year:
/// each section with its prose, each goal in its adopted wording with its nested items as activities. The plan is
/// saved unconfirmed, for review; the page or the command line confirms it.
/// </summary>
public static class PlanImport
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>Words in an adopted goal that say the work comes back every year.</summary>
    private static readonly string[] RecurringWords = ["varje år", "årligen", "regelbundet", "löpande", "kontinuerligt", "varje termin", "varje månad", "varje kvartal"];

    public static string? CheckYear(int year) =>
        year is < MinYear or > MaxYear ? $"Året {year} går inte: skriv ett år mellan {MinYear} och {MaxYear}." : null;

    public static bool LooksRecurring(string goal) => RecurringWords.Any(w => goal.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>The report as lines to show or print: counts first, then every note.</summary>
    public static string ReportText(PlanImportReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Läst som {report.Format}{(report.EncodingName is { } e ? $" ({e})" : "")}: ");
        text.Append(CultureInfo.InvariantCulture, $"{report.Sections} avsnitt, {report.Goals} mål, {report.Activities} aktiviteter, {report.ProseParagraphs} stycken löptext.");
        foreach (var note in report.Notes) text.Append('\n').Append(note);
        return text.ToString();
    }

    /// <summary>
    /// Saves the plan unconfirmed. A confirmed plan for the same unit and year is never replaced (the message says so);
    /// an unconfirmed one — an earlier attempt — is. Returns the plan's id, or the reason in Swedish.
    /// </summary>
    public static async Task<(Guid? Id, string? Error)> SaveDraftAsync(DistriktDb db, Guid unitId, int year, PlanDocument document, PlanImportReport report,
        string? fileName, Guid? personId, DateTimeOffset now, CancellationToken ct)
    {
        if (CheckYear(year) is { } yearError) return (null, yearError);
        if (TooLong(document, report.Unit) is { } lengthError) return (null, lengthError);
        var existing = await db.Set<OperationalPlan>().Where(p => p.UnitId == unitId && p.Year == year)
            .Select(p => new { p.Id, p.ConfirmedAt }).FirstOrDefaultAsync(ct);
        if (existing is { ConfirmedAt: not null })
            return (null, $"Det finns redan en verksamhetsplan för {year}. Ta bort den först om den ska ersättas.");

        var plan = new OperationalPlan
        {
            UnitId = unitId, Year = year, Title = Cap(document.Title.Length > 0 ? document.Title : $"Verksamhetsplan {year}", 300),
            Intro = string.Join("\n\n", document.Intro.Select(p => p.Text)),
            SourceFileName = fileName is null ? null : Cap(Path.GetFileName(fileName), 260),
            CreatedAt = now, CreatedByPersonId = personId, ImportReport = ReportText(report),
        };
        var order = 0;
        foreach (var (section, index) in document.Sections.Select((s, i) => (s, i)))
        {
            var row = new PlanSection
            {
                PlanId = plan.Id, Order = index + 1, Title = Cap(section.Title, 300),
                Prose = string.Join("\n\n", section.Prose.Select(p => p.Text)),
            };
            plan.Sections.Add(row);
            foreach (var goal in section.Goals)
            {
                var g = new PlanGoal
                {
                    PlanId = plan.Id, SectionId = row.Id, Order = ++order, Text = Cap(goal.Text, 4000),
                    LeadIn = goal.LeadIn is null ? null : Cap(goal.LeadIn, 1000), Recurring = LooksRecurring(goal.Text),
                };
                g.Activities.AddRange(goal.Activities.Select((a, i) => new GoalActivity { GoalId = g.Id, Order = i + 1, Text = Cap(a, 2000) }));
                plan.Goals.Add(g);
            }
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (existing is not null) await DeleteAsync(db, existing.Id, ct);
            db.Add(plan);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ((Guid?)plan.Id, (string?)null);
        });
    }

    /// <summary>Deletes a plan with everything in it (goals first: they refer to the sections).</summary>
    public static async Task DeleteAsync(DistriktDb db, Guid planId, CancellationToken ct)
    {
        await db.Set<PlanGoal>().Where(g => g.PlanId == planId).ExecuteDeleteAsync(ct);
        await db.Set<OperationalPlan>().Where(p => p.Id == planId).ExecuteDeleteAsync(ct);
    }

    /// <summary>Nothing is cut to fit: a goal or text longer than a column holds refuses the file, naming where.</summary>
    private static string? TooLong(PlanDocument document, PlanSourceUnit unit)
    {
        var where = unit == PlanSourceUnit.Paragraph ? "stycke" : "rad";
        foreach (var section in document.Sections)
        {
            if (section.Title.Length > 300) return $"Rubriken på {where} {section.SourceLine} är {section.Title.Length} tecken; som mest 300.";
            foreach (var goal in section.Goals)
            {
                if (goal.Text.Length > 4000) return $"Punkten på {where} {goal.SourceLine} är {goal.Text.Length} tecken; ett mål får vara som mest 4 000. Dela upp den i flera punkter.";
                if (goal.Activities.FirstOrDefault(a => a.Length > 2000) is { } activity)
                    return $"En underpunkt till punkten på {where} {goal.SourceLine} är {activity.Length} tecken; som mest 2 000.";
            }
        }
        return null;
    }

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];
}
