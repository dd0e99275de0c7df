using System.Globalization;
using System.Text;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings.Allocation;

/// <summary>What an applicant adds to a registration when seats are drawn by lottery.</summary>
public sealed record ApplicationInput(string? Motivation, ApplicantGender Gender, bool FirstTime);

/// <summary>Where a gathering's application round stands; each step happens once and in this order.</summary>
public enum RoundStage
{
    /// <summary>Members apply, change or withdraw until the deadline.</summary>
    Open,
    /// <summary>The deadline has passed; the organiser fixes the list and publishes the seed.</summary>
    Closed,
    /// <summary>List, rules, fingerprint and seed are published; the draw may run.</summary>
    Fixed,
    /// <summary>Drawn: seats given, the reserve list in order, the result published.</summary>
    Drawn,
}

/// <summary>Who got a seat and who is on the reserve list, for the result e-mails; and seats re-offered at once.</summary>
public sealed record DrawOutcome(IReadOnlyList<Guid> Seated, IReadOnlyList<(Guid PersonId, int Position)> Reserve, IReadOnlyList<SeatOffer> Offers);

/// <summary>
/// A limited-seat application round: apply during the window, fix the list (numbers, fingerprint, seed — published
/// before the draw), draw once, and serve declined seats from the reserve list in drawn order. The algorithm itself
/// is <see cref="Lottery"/> (docs/lottery.md); this class keeps the steps in order and the database consistent. Fixing
/// and drawing are conditional updates on the gathering, so a second press — or two organisers at once — changes
/// nothing and says so.
/// </summary>
public static class ApplicationRound
{
    public const int MaxMotivationLength = 1000;

    public static RoundStage Stage(Gathering g, DateTimeOffset now) =>
        g.LotteryDrawnAt is not null ? RoundStage.Drawn
        : g.LotteryFixedAt is not null ? RoundStage.Fixed
        : Registrations.IsOpen(g, now) ? RoundStage.Open
        : RoundStage.Closed;

    public static AllocationRules Rules(Gathering g) =>
        new(g.Capacity ?? 1, g.LotteryFirstTimersFirst, g.LotteryMaxPerAssociation, g.LotteryGenderBalance);

    /// <summary>The rules as the applicants read them, one sentence each.</summary>
    public static IEnumerable<string> RuleTexts(Gathering g)
    {
        var seats = g.Capacity ?? 0;
        yield return $"{SwedishFormat.Number(seats)} {(seats == 1 ? "plats" : "platser")} lottas bland alla som ansökt före sista ansökningsdagen.";
        if (g.LotteryFirstTimersFirst) yield return "Den som söker för första gången går före övriga.";
        if (g.LotteryMaxPerAssociation is { } max) yield return $"Högst {max} {(max == 1 ? "plats" : "platser")} per förening.";
        if (g.LotteryGenderBalance) yield return "Jämn könsfördelning: varken kvinnor eller män får mer än hälften av platserna, så länge någon annan sökande kan ta platsen.";
    }

    public static string GenderText(ApplicantGender gender) => gender switch
    {
        ApplicantGender.Woman => "kvinna",
        ApplicantGender.Man => "man",
        ApplicantGender.Other => "annat",
        _ => "vill inte ange",
    };

    public static void Validate(Gathering g, ApplicationInput input, FieldErrors errors)
    {
        var motivation = input.Motivation?.Trim() ?? "";
        if (motivation.Length == 0) errors.Add("Motivation", "Skriv några rader om varför du söker.");
        else if (motivation.Length > MaxMotivationLength)
            errors.Add("Motivation", $"Motiveringen är {SwedishFormat.Number(motivation.Length)} tecken; som mest {SwedishFormat.Number(MaxMotivationLength)}.");
        if (!Enum.IsDefined(input.Gender)) errors.Add("Gender", "Välj ett av alternativen.");
    }

    /// <summary>
    /// Applies, or changes the application. No seat is counted here — the draw gives the seats — so no lock is needed;
    /// the caller has checked that the window is open. Returns the registration's id and whether it was a change.
    /// </summary>
    public static async Task<(Guid Id, bool Changed)> ApplyAsync(DistriktDb db, Gathering g, Guid personId, RegistrationInput input,
        ApplicationInput application, DateTimeOffset now, CancellationToken ct)
    {
        var r = await db.Set<Registration>().Include(x => x.Children).Include(x => x.Answers).Include(x => x.Sessions)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.GatheringId == g.Id && x.PersonId == personId, ct);
        var changed = r is { Status: not RegistrationStatus.Cancelled };
        if (r is null)
        {
            r = new Registration { GatheringId = g.Id, PersonId = personId, RegisteredAt = now, CheckInCode = Registrations.NewCheckInCode() };
            db.Add(r);
        }
        if (!changed)
        {
            r.RegisteredAt = now;
            r.CancelledAt = null;
            r.Status = RegistrationStatus.Applied;
        }
        r.UpdatedAt = now;
        r.Motivation = application.Motivation?.Trim();
        r.Gender = g.LotteryGenderBalance ? application.Gender : ApplicantGender.Unstated;
        r.FirstTime = g.LotteryFirstTimersFirst && application.FirstTime;
        Registrations.Fill(r, g, input);
        await db.SaveChangesAsync(ct);
        return (r.Id, changed);
    }

    /// <summary>
    /// Fixes the application list: numbers 1..N in the order the applications came in, the association each is counted
    /// for, first-timers checked against earlier draws, then the fingerprint and the seed — all published before the draw.
    /// An empty <paramref name="seed"/> gets a fresh one from <see cref="Lottery.NewSeed"/>. Null on success, otherwise
    /// the reason in Swedish.
    /// </summary>
    public static async Task<string?> FixAsync(DistriktDb db, Gathering g, string? seed, DateTimeOffset now, CancellationToken ct)
    {
        seed = string.IsNullOrWhiteSpace(seed) ? Lottery.NewSeed() : seed.Trim();
        if (seed.Length > 200) return "Slumpfröet får vara som mest 200 tecken.";
        if (g.Capacity is null) return "Träffen har inget antal platser att lotta.";
        if (Stage(g, now) == RoundStage.Open) return $"Ansökningstiden är inte slut än; listan kan fastställas efter {SwedishFormat.DateTime(Registrations.ClosesAt(g)!.Value)}.";

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<Gathering>().Where(x => x.Id == g.Id && x.LotteryFixedAt == null && x.CancelledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LotteryFixedAt, now).SetProperty(x => x.SeatVersion, x => x.SeatVersion + 1), ct);
            if (claimed == 0) return "Listan är redan fastställd och slumpfröet publicerat; det görs bara en gång.";

            var applications = await db.Set<Registration>().Where(r => r.GatheringId == g.Id && r.Status == RegistrationStatus.Applied)
                .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).ToListAsync(ct);
            if (applications.Count == 0) return "Det finns inga ansökningar att lotta."; // rolls back the claim

            var associations = await AssociationsAsync(db, g, applications.Select(r => r.PersonId).ToList(), now, ct);
            var seatedBefore = g.LotteryFirstTimersFirst ? await SeatedInEarlierDrawsAsync(db, g, ct) : [];
            var number = 0;
            foreach (var r in applications)
            {
                r.ApplicationNumber = ++number;
                r.ApplicantAssociationId = associations.GetValueOrDefault(r.PersonId);
                r.FirstTime = r.FirstTime && !seatedBefore.Contains(r.PersonId);
                r.UpdatedAt = now;
            }
            var fingerprint = Lottery.Fingerprint(applications.Select(ToApplicant).ToList(), Rules(g));
            await db.SaveChangesAsync(ct);
            await db.Set<Gathering>().Where(x => x.Id == g.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LotterySeed, seed).SetProperty(x => x.LotteryFingerprint, fingerprint), ct);
            await tx.CommitAsync(ct);
            return null;
        });
    }

    /// <summary>
    /// Runs the draw, once: seats to the allocated, the reserve list in walk order, and a seat whose applicant withdrew
    /// after the list was fixed goes on at once to the reserve list. The result is checked against the published
    /// fingerprint first. Returns the outcome, or the reason it did not run.
    /// </summary>
    public static async Task<(DrawOutcome? Outcome, string? Error)> DrawAsync(DistriktDb db, Gathering g, DateTimeOffset now, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<(DrawOutcome?, string?)>(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<Gathering>()
                .Where(x => x.Id == g.Id && x.LotteryFixedAt != null && x.LotteryDrawnAt == null && x.CancelledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LotteryDrawnAt, now).SetProperty(x => x.SeatVersion, x => x.SeatVersion + 1), ct);
            if (claimed == 0)
            {
                var state = await db.Set<Gathering>().AsNoTracking().Where(x => x.Id == g.Id)
                    .Select(x => new { x.LotteryFixedAt, x.LotteryDrawnAt, x.CancelledAt }).FirstAsync(ct);
                return (null, state.CancelledAt is not null ? "Träffen är inställd."
                    : state.LotteryDrawnAt is { } drawn ? $"Lottningen gjordes redan {SwedishFormat.DateTime(drawn)}. Resultatet står fast och lottas inte om."
                    : "Fastställ listan och publicera slumpfröet först.");
            }
            var fresh = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).FirstAsync(x => x.Id == g.Id, ct);
            var applications = await db.Set<Registration>().Where(r => r.GatheringId == g.Id && r.ApplicationNumber != null).ToListAsync(ct);
            var applicants = applications.Select(ToApplicant).ToList();
            var rules = Rules(fresh);
            if (Lottery.Fingerprint(applicants, rules) != fresh.LotteryFingerprint)
                return (null, "Listan eller reglerna stämmer inte med det publicerade fingeravtrycket; lottningen körs inte.");

            var result = Lottery.Allocate(applicants, rules, fresh.LotterySeed!);
            var byNumber = applications.ToDictionary(r => r.ApplicationNumber!.Value);
            var seated = new List<Guid>();
            foreach (var n in result.Allocated)
            {
                var r = byNumber[n];
                if (r.Status != RegistrationStatus.Applied) continue; // withdrew after the list was fixed: counts as declined
                r.Status = RegistrationStatus.Confirmed;
                r.UpdatedAt = now;
                seated.Add(r.PersonId);
            }
            var position = 0;
            foreach (var n in result.Reserve)
            {
                var r = byNumber[n];
                r.ReservePosition = ++position;
                if (r.Status != RegistrationStatus.Applied) continue;
                r.Status = RegistrationStatus.Waiting;
                r.QueuedAt = now;
                r.UpdatedAt = now;
            }
            await db.SaveChangesAsync(ct);
            await db.Set<Gathering>().Where(x => x.Id == g.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LotteryExplanation, string.Join('\n', result.Explanation)), ct);
            fresh.LotteryDrawnAt = now;
            var offers = await Registrations.OfferFreeSeatsAsync(db, fresh, now, ct);
            await tx.CommitAsync(ct);
            var offered = offers.Select(o => o.PersonId).ToHashSet();
            var reserve = result.Reserve.Select(n => byNumber[n]).Where(r => r.Status == RegistrationStatus.Waiting && !offered.Contains(r.PersonId))
                .Select(r => (r.PersonId, r.ReservePosition!.Value)).ToList();
            return (new DrawOutcome(seated, reserve, offers), null);
        });
    }

    /// <summary>
    /// The next on the reserve list for up to <paramref name="free"/> seats, by <see cref="Lottery.NextFromReserve"/>:
    /// drawn order, skipping whoever holds a seat or said no, and keeping the association cap. Tracked, for the caller
    /// to turn into offers; runs inside the caller's locked transaction.
    /// </summary>
    public static async Task<List<Registration>> NextFromReserveAsync(DistriktDb db, Gathering g, int free, CancellationToken ct)
    {
        if (g.LotteryDrawnAt is null || free <= 0) return [];
        var applications = await db.Set<Registration>().Where(r => r.GatheringId == g.Id && r.ApplicationNumber != null).ToListAsync(ct);
        var applicants = applications.Select(ToApplicant).ToList();
        var reserve = applications.Where(r => r.ReservePosition != null).OrderBy(r => r.ReservePosition).Select(r => r.ApplicationNumber!.Value).ToArray();
        var result = new AllocationResult([], reserve, [], []);
        var seated = applications.Where(r => r.HoldsSeat).Select(r => r.ApplicationNumber!.Value).ToHashSet();
        var declined = applications.Where(r => r.Status == RegistrationStatus.Cancelled).Select(r => r.ApplicationNumber!.Value).ToHashSet();
        var byNumber = applications.ToDictionary(r => r.ApplicationNumber!.Value);
        var next = new List<Registration>();
        while (next.Count < free && Lottery.NextFromReserve(result, applicants, Rules(g), seated, declined) is { } n)
        {
            seated.Add(n);
            next.Add(byNumber[n]);
        }
        return next;
    }

    /// <summary>The published application list: the CSV of docs/lottery.md, UTF-8, LF line ends, sorted by number.</summary>
    public static async Task<string> ListCsvAsync(DistriktDb db, Guid gatheringId, CancellationToken ct)
    {
        var applicants = await ApplicantsAsync(db, gatheringId, ct);
        var text = new StringBuilder().Append(Lottery.CsvHeader).Append('\n');
        foreach (var a in applicants.OrderBy(a => a.Number)) text.Append(Lottery.CsvLine(a)).Append('\n');
        return text.ToString();
    }

    public static async Task<List<Applicant>> ApplicantsAsync(DistriktDb db, Guid gatheringId, CancellationToken ct) =>
        (await db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == gatheringId && r.ApplicationNumber != null)
            .Select(r => new { r.ApplicationNumber, r.ApplicantAssociationId, r.Gender, r.FirstTime }).ToListAsync(ct))
        .Select(r => new Applicant(r.ApplicationNumber!.Value, r.ApplicantAssociationId, r.Gender, r.FirstTime)).ToList();

    /// <summary>The command that re-runs the draw with the script in docs/lottery.md.</summary>
    public static string RedrawCommand(Gathering g) => string.Join(' ', new[]
    {
        "python3 redraw.py list.csv", g.LotterySeed ?? "SEED", (g.Capacity ?? 0).ToString(CultureInfo.InvariantCulture),
        g.LotteryFirstTimersFirst ? "first" : null,
        g.LotteryMaxPerAssociation is { } m ? "max=" + m.ToString(CultureInfo.InvariantCulture) : null,
        g.LotteryGenderBalance ? "gender" : null,
    }.Where(x => x is not null));

    private static Applicant ToApplicant(Registration r) => new(r.ApplicationNumber!.Value, r.ApplicantAssociationId, r.Gender, r.FirstTime);

    /// <summary>
    /// Each applicant's association for the cap: the association within the organiser's district they are a member of
    /// today (the one they joined first, if several); none for district-only members.
    /// </summary>
    private static async Task<Dictionary<Guid, Guid>> AssociationsAsync(DistriktDb db, Gathering g, List<Guid> personIds, DateTimeOffset now, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var district = directory.DistrictOf(g.UnitId);
        var today = DateOnly.FromDateTime(Calendar.Ics.ToStockholm(now));
        var memberships = new List<(Guid PersonId, Guid UnitId, DateOnly Since)>();
        foreach (var chunk in personIds.Chunk(500))
        {
            var rows = await db.Set<Membership>().AsNoTracking().Where(m => chunk.Contains(m.PersonId)).Where(MembershipQueries.CurrentOn(today))
                .Select(m => new { m.PersonId, m.UnitId, m.StartedOn }).ToListAsync(ct);
            memberships.AddRange(rows.Select(m => (m.PersonId, m.UnitId, m.StartedOn)));
        }
        return memberships
            .Where(m => directory.Units.TryGetValue(m.UnitId, out var u) && u.Kind == UnitKind.Association && (district is null || directory.DistrictOf(m.UnitId) == district))
            .GroupBy(m => m.PersonId)
            .ToDictionary(x => x.Key, x => x.OrderBy(m => m.Since).ThenBy(m => m.UnitId).First().UnitId);
    }

    /// <summary>People who held a seat from an earlier draw of the same district: they are not first-timers, whatever they stated.</summary>
    private static async Task<HashSet<Guid>> SeatedInEarlierDrawsAsync(DistriktDb db, Gathering g, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var district = directory.DistrictOf(g.UnitId);
        var earlier = await db.Set<Gathering>().AsNoTracking().Where(x => x.SeatsByLottery && x.LotteryDrawnAt != null && x.Id != g.Id)
            .Select(x => new { x.Id, x.UnitId }).ToListAsync(ct);
        var ids = earlier.Where(x => directory.DistrictOf(x.UnitId) == district).Select(x => x.Id).ToList();
        if (ids.Count == 0) return [];
        return [.. await db.Set<Registration>().AsNoTracking()
            .Where(r => ids.Contains(r.GatheringId) && (r.Status == RegistrationStatus.Confirmed || r.CheckedInAt != null))
            .Select(r => r.PersonId).Distinct().ToListAsync(ct)];
    }
}
