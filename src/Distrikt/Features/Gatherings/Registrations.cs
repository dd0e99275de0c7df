using System.Security.Cryptography;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>What a person fills in when registering: which sessions, their children in the childcare, and answers.</summary>
public sealed record RegistrationInput(IReadOnlyList<Guid> SessionIds, IReadOnlyList<int> ChildAges, string? ChildcareNeeds, IReadOnlyDictionary<Guid, string?> Answers);

/// <summary>The outcome of registering: a seat, or a place in the waiting list (1 = next in line).</summary>
public sealed record RegistrationOutcome(Guid RegistrationId, RegistrationStatus Status, int? WaitingPosition, bool Changed);

/// <summary>A seat offered from the waiting list: whom to tell, and until when it is held.</summary>
public sealed record SeatOffer(Guid RegistrationId, Guid PersonId, DateTimeOffset ExpiresAt);

/// <summary>
/// Registering, cancelling and the waiting list. Every change starts by bumping the gathering's <c>SeatVersion</c>:
/// the update takes the gathering row's lock on PostgreSQL and the database's write lock on SQLite, so registrations
/// for one gathering are counted one at a time — two people taking the last seat at the same moment cannot both get
/// it; the second is put on the waiting list.
/// </summary>
public static class Registrations
{
    public const int MaxChildren = 10;
    public const int MaxAnswerLength = 2000;

    /// <summary>The status in the words the registrant and the organisers read (lists, exports, the audit log, own data).</summary>
    public static string StatusText(RegistrationStatus s) => s switch
    {
        RegistrationStatus.Confirmed => "plats",
        RegistrationStatus.Waiting => "väntelista",
        RegistrationStatus.Offered => "erbjuden plats",
        _ => "avbokad",
    };

    /// <summary>The last moment to register or change a registration: the deadline, else the start of the first session.</summary>
    public static DateTimeOffset? ClosesAt(Gathering g) => g.RegistrationDeadline ?? g.Sessions.OrderBy(s => s.StartsAt).FirstOrDefault()?.StartsAt;

    public static bool IsOpen(Gathering g, DateTimeOffset now) => g.CancelledAt is null && (ClosesAt(g) is not { } closes || now <= closes);

    /// <summary>Checks the input against the gathering; the errors name the field, in Swedish.</summary>
    public static void Validate(Gathering g, RegistrationInput input, FieldErrors errors)
    {
        if (g.Sessions.Count > 1 && input.SessionIds.Count == 0) errors.Add("Sessions", "Välj minst ett av passen.");
        if (input.SessionIds.Any(id => g.Sessions.All(s => s.Id != id))) errors.Add("Sessions", "Ett av de valda passen finns inte längre. Välj igen.");
        if (input.ChildAges.Count > 0 && !g.ChildcareOffered) errors.Add("Children", "Den här träffen har ingen barnpassning.");
        if (input.ChildAges.Count > MaxChildren) errors.Add("Children", $"Som mest {MaxChildren} barn per anmälan. Har ni fler, kontakta arrangören.");
        for (var i = 0; i < input.ChildAges.Count; i++)
        {
            if (input.ChildAges[i] is < 0 or > 17) errors.Add("Children", $"Barn {i + 1}: åldern ska vara mellan 0 och 17 år (0 för den som inte fyllt ett).");
        }
        if (input.ChildcareNeeds is { Length: > 1000 }) errors.Add("ChildcareNeeds", $"Som mest 1 000 tecken; nu {SwedishFormat.Number(input.ChildcareNeeds.Length)}.");
        foreach (var q in g.Questions)
        {
            var key = "q-" + q.Id;
            var answer = input.Answers.GetValueOrDefault(q.Id)?.Trim();
            if (string.IsNullOrEmpty(answer))
            {
                if (q.Required) errors.Add(key, $"Svara på frågan ”{q.Text}”.");
                continue;
            }
            if (answer.Length > MaxAnswerLength) errors.Add(key, $"Svaret är {SwedishFormat.Number(answer.Length)} tecken; som mest {SwedishFormat.Number(MaxAnswerLength)}.");
            else if (q.Kind == QuestionKind.Choice && !q.ChoiceList.Contains(answer)) errors.Add(key, $"Välj ett av alternativen för ”{q.Text}”.");
            else if (q.Kind == QuestionKind.YesNo && answer is not ("ja" or "nej")) errors.Add(key, $"Svara ja eller nej på ”{q.Text}”.");
        }
    }

    /// <summary>
    /// Registers the person, or changes their registration. A new registration takes a seat if one is free and joins
    /// the waiting list otherwise; a change keeps the seat or the place in line. The gathering must be loaded with its
    /// sessions and questions, and the input validated.
    /// </summary>
    public static async Task<RegistrationOutcome> RegisterAsync(DistriktDb db, Gathering g, Guid personId, RegistrationInput input, DateTimeOffset now, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, g.Id, ct);
            var r = await db.Set<Registration>().Include(x => x.Children).Include(x => x.Answers).Include(x => x.Sessions)
                .FirstOrDefaultAsync(x => x.GatheringId == g.Id && x.PersonId == personId, ct);
            var changed = r is { Status: not RegistrationStatus.Cancelled };
            if (r is null)
            {
                r = new Registration { GatheringId = g.Id, PersonId = personId, RegisteredAt = now, CheckInCode = NewCheckInCode() };
                db.Add(r);
            }
            if (!changed)
            {
                r.RegisteredAt = now;
                r.CancelledAt = null;
                r.CheckedInAt = null;
                var taken = await db.Set<Registration>().CountAsync(x => x.GatheringId == g.Id && x.Id != r.Id
                    && (x.Status == RegistrationStatus.Confirmed || x.Status == RegistrationStatus.Offered), ct);
                if (g.Capacity is not { } capacity || taken < capacity)
                {
                    r.Status = RegistrationStatus.Confirmed;
                    r.QueuedAt = null;
                }
                else
                {
                    r.Status = RegistrationStatus.Waiting;
                    r.QueuedAt = now;
                }
            }
            r.UpdatedAt = now;
            r.ChildcareNeeds = input.ChildAges.Count > 0 && !string.IsNullOrWhiteSpace(input.ChildcareNeeds) ? input.ChildcareNeeds.Trim() : null;
            r.Children.Clear();
            r.Children.AddRange(input.ChildAges.Select((age, i) => new RegistrationChild { Order = i + 1, Age = age }));
            r.Answers.Clear();
            r.Answers.AddRange(g.Questions.Where(q => !string.IsNullOrWhiteSpace(input.Answers.GetValueOrDefault(q.Id)))
                .Select(q => new RegistrationAnswer { QuestionId = q.Id, Value = input.Answers[q.Id]!.Trim() }));
            r.Sessions.Clear();
            var sessions = input.SessionIds.Count > 0 ? input.SessionIds : g.Sessions.Select(s => s.Id).ToList();
            r.Sessions.AddRange(sessions.Distinct().Select(id => new RegistrationSession { SessionId = id }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var position = r.Status == RegistrationStatus.Waiting ? await WaitingPositionAsync(db, r, ct) : (int?)null;
            return new RegistrationOutcome(r.Id, r.Status, position, changed);
        });
    }

    /// <summary>
    /// Cancels the person's registration. A seat that comes free is offered to the first on the waiting list; the
    /// offer is returned so the caller can tell them.
    /// </summary>
    public static async Task<SeatOffer?> CancelAsync(DistriktDb db, Gathering g, Guid registrationId, DateTimeOffset now, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, g.Id, ct);
            var r = await db.Set<Registration>().FirstOrDefaultAsync(x => x.Id == registrationId && x.GatheringId == g.Id, ct);
            if (r is null || r.Status == RegistrationStatus.Cancelled) return null;
            var freed = r.HoldsSeat;
            r.Status = RegistrationStatus.Cancelled;
            r.CancelledAt = now;
            r.OfferExpiresAt = null;
            r.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            var offer = freed ? (await OfferFreeSeatsAsync(db, g, now, ct)).FirstOrDefault() : null;
            await tx.CommitAsync(ct);
            return offer;
        });
    }

    /// <summary>Accepts an offered seat before it runs out. False when there is no such offer (taken back, or too late).</summary>
    public static async Task<bool> AcceptOfferAsync(DistriktDb db, Gathering g, Guid registrationId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, g.Id, ct);
        var accepted = await db.Set<Registration>()
            .Where(x => x.Id == registrationId && x.GatheringId == g.Id && x.Status == RegistrationStatus.Offered && x.OfferExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, RegistrationStatus.Confirmed).SetProperty(x => x.OfferExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.QueuedAt, (DateTimeOffset?)null).SetProperty(x => x.UpdatedAt, now), ct);
        await tx.CommitAsync(ct);
        return accepted == 1;
    }

    /// <summary>
    /// Offers every free seat to the waiting list in order, each held for the gathering's offer time (never past the
    /// registration deadline). Runs inside the caller's transaction, after <see cref="LockAsync"/>.
    /// </summary>
    public static async Task<List<SeatOffer>> OfferFreeSeatsAsync(DistriktDb db, Gathering g, DateTimeOffset now, CancellationToken ct)
    {
        if (g.Capacity is not { } capacity || g.CancelledAt is not null) return [];
        var taken = await db.Set<Registration>().CountAsync(x => x.GatheringId == g.Id && (x.Status == RegistrationStatus.Confirmed || x.Status == RegistrationStatus.Offered), ct);
        if (taken >= capacity) return [];
        var next = await db.Set<Registration>().Where(x => x.GatheringId == g.Id && x.Status == RegistrationStatus.Waiting)
            .OrderBy(x => x.QueuedAt).ThenBy(x => x.Id).Take(capacity - taken).ToListAsync(ct);
        var expires = now.AddHours(g.OfferHours);
        if (ClosesAt(g) is { } closes && closes > now && closes < expires) expires = closes;
        foreach (var r in next)
        {
            r.Status = RegistrationStatus.Offered;
            r.OfferExpiresAt = expires;
            r.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return next.Select(r => new SeatOffer(r.Id, r.PersonId, expires)).ToList();
    }

    /// <summary>
    /// Offers that ran out: the person loses the offered seat (they may register again, at the end of the line) and the
    /// seat goes to the next in line. Returns the new offers to tell people about.
    /// </summary>
    public static async Task<List<(Guid GatheringId, SeatOffer Offer)>> ExpireOffersAsync(DistriktDb db, DateTimeOffset now, CancellationToken ct)
    {
        var gatheringIds = await db.Set<Registration>().Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAt < now)
            .Select(r => r.GatheringId).Distinct().ToListAsync(ct);
        var offers = new List<(Guid, SeatOffer)>();
        foreach (var id in gatheringIds)
        {
            db.ChangeTracker.Clear();
            var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).FirstAsync(x => x.Id == id, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, id, ct);
            await db.Set<Registration>().Where(r => r.GatheringId == id && r.Status == RegistrationStatus.Offered && r.OfferExpiresAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled).SetProperty(r => r.CancelledAt, now)
                    .SetProperty(r => r.UpdatedAt, now), ct);
            offers.AddRange((await OfferFreeSeatsAsync(db, g, now, ct)).Select(o => (id, o)));
            await tx.CommitAsync(ct);
        }
        return offers;
    }

    /// <summary>The place in line, 1 being next.</summary>
    public static async Task<int> WaitingPositionAsync(DistriktDb db, Registration r, CancellationToken ct) =>
        1 + await db.Set<Registration>().CountAsync(x => x.GatheringId == r.GatheringId && x.Status == RegistrationStatus.Waiting
            && x.QueuedAt < r.QueuedAt, ct);

    /// <summary>Takes the gathering's lock for the rest of the transaction (see the class comment).</summary>
    public static Task LockAsync(DistriktDb db, Guid gatheringId, CancellationToken ct) =>
        db.Set<Gathering>().Where(x => x.Id == gatheringId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatVersion, x => x.SeatVersion + 1), ct);

    public static string NewCheckInCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
