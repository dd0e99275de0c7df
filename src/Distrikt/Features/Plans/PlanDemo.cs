using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Features.Plans.Import;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>
/// The demo district's operational plan for this year, read in from its text like a real one, with the follow-up
/// part way through the year: some goals done, some in progress, one dropped with its reason, the board member
/// responsible for two, and the demo gatherings linked to the goals they serve (so it runs after the gatherings' demo).
/// </summary>
public static class PlanDemo
{
    private const string Text = """
        # Verksamhetsplan {0} för Vänsterpartiet Uppsala län

        Verksamhetsplanen antogs av distriktsårskonferensen. Den beskriver vad distriktsstyrelsen ska arbeta med under året.

        ## Övergripande uppgifter

        Distriktet ska under året:

        - Stödja partiföreningarna i medlemsvården, bland annat genom ett faddersystem där varje förening har en kontaktperson i styrelsen.
        - Genomföra lokalledarträffar och ordförandeträffar, fysiskt och digitalt, och alltid erbjuda barnpassning.
        - Ge medlemmar möjlighet att delta i nationella evenemang, som Vänsterdagarna, genom att fördela distriktets platser rättvist.

        ## Mål och aktiviteter

        - Varje förening ska ha kontakt med sin fadder minst var sjätte vecka.
        - Distriktet ska genomföra minst två temaseminarier, varje år.
          - Ett om bostadspolitik
          - Ett om arbetsrätt
        - Motionsbanken ska utvecklas och spridas till föreningarna för inspiration och kunskapsutbyte.

        ## Specifika mål för {0}

        1. Alla föreningar ska ha genomfört årsmöte med en vald styrelse.
        2. Distriktet ska ta fram en valplan inför nästa års val.
        3. Distriktet ska öka antalet medlemmar med fem procent.
        """;

    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var year = demo.Today.Year;
        var parsed = PlanTextParser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Text, year));
        var now = DateTimeOffset.UtcNow;
        var (id, error) = await PlanImport.SaveDraftAsync(db, demo.DistrictId, year, parsed.Plan, parsed.Report, $"verksamhetsplan-{year}.md", demo.StaffId, now, ct);
        if (error is not null) throw new InvalidOperationException(error);
        await db.Set<OperationalPlan>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ConfirmedAt, now), ct);
        var goals = await db.Set<PlanGoal>().Where(g => g.PlanId == id).OrderBy(g => g.Order).ToListAsync(ct);
        void Set(int order, GoalStatus status, string? reason = null)
        {
            var g = goals.Single(x => x.Order == order);
            g.Status = status;
            g.StatusReason = reason;
            g.StatusChangedAt = now;
        }
        Set(1, GoalStatus.InProgress);
        Set(2, GoalStatus.Done);
        Set(4, GoalStatus.InProgress);
        Set(5, GoalStatus.Done);
        Set(7, GoalStatus.Done);
        Set(9, GoalStatus.Dropped, "Skjuts upp till nästa år: medlemsregistret byttes under våren och siffrorna går inte att jämföra.");
        db.AddRange(new GoalResponsible { GoalId = goals[0].Id, PersonId = demo.BoardMemberId }, new GoalResponsible { GoalId = goals[3].Id, PersonId = demo.BoardMemberId });
        (string Gathering, int Goal)[] evidence =
        [
            ("Ordförandeträff hösten", 2), ("Lokalledarträff (digital)", 2), ("Temaseminarium: bostadspolitik", 5), ("Grundutbildning, dag 1 och 2", 1),
        ];
        var titles = evidence.Select(x => x.Gathering).ToList();
        var gatherings = await db.Set<Gathering>().Where(g => g.UnitId == demo.DistrictId && titles.Contains(g.Title)).ToDictionaryAsync(g => g.Title, g => g.Id, ct);
        db.AddRange(evidence.Where(x => gatherings.ContainsKey(x.Gathering))
            .Select(x => new GoalEvidence { GoalId = goals.Single(g => g.Order == x.Goal).Id, Kind = EvidenceKind.Gathering, TargetId = gatherings[x.Gathering] }));
        await db.SaveChangesAsync(ct);
    }
}
