using System.Security.Cryptography;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
        RegistrationStatus.Applied => "ansökt",
        _ => "avbokad",
    };

    /// <summary>The last moment to register or change a registration: the deadline, else the start of the first session.</summary>
    public static DateTimeOffset? ClosesAt(Gathering g) => g.RegistrationDeadline ?? g.Sessions.OrderBy(s => s.StartsAt).FirstOrDefault()?.StartsAt;

    /// <summary>The first session has begun: too late to give a seat back, and who was not checked in did not come.</summary>
    public static bool HasStarted(Gathering g, DateTimeOffset now) => g.Sessions.Count > 0 && g.Sessions.Min(s => s.StartsAt) <= now;

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
        // A first registration (nearly all of a rush) is built before the lock, and on PostgreSQL written in one round
        // trip: the gathering stays locked only while the database works, never while the app waits for its turn on the CPU.
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var fresh = new Registration { GatheringId = g.Id, PersonId = personId, RegisteredAt = now, UpdatedAt = now, CheckInCode = NewCheckInCode() };
            Fill(fresh, g, input);
            if (await InsertLockedAsync(db, fresh, now, ct) is { } outcome) return outcome;
            // Already registered (or cancelled): changed below.
        }
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
            Fill(r, g, input);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var position = r.Status == RegistrationStatus.Waiting ? await WaitingPositionAsync(db, r, ct) : (int?)null;
            return new RegistrationOutcome(r.Id, r.Status, position, changed);
        });
    }

    // At most this many of the app's registrations for one gathering wait for its row lock in the database at once (one
    // in the lock, the next ready): with a hundred waiting, each hand-over of the lock woke them all, and PostgreSQL
    // spent more CPU passing the lock on than on the registrations.
    private const int GateWidth = 2;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    // One statement after the lock's, so its snapshot holds every registration committed before the lock was granted.
    // The capacity is read under the lock too (an organiser's change takes the same lock). A person who already has a
    // registration gets no row back (ON CONFLICT) and nothing else is written.
    private static readonly string InsertSql = $"""
        WITH s AS (
            SELECT g."Capacity" IS NULL OR (SELECT count(*) FROM registrations x WHERE x."GatheringId" = g."Id"
                AND x."Status" IN ({(int)RegistrationStatus.Confirmed}, {(int)RegistrationStatus.Offered})) < g."Capacity" AS free
            FROM gatherings g WHERE g."Id" = $2::uuid),
        r AS (
            INSERT INTO registrations ("Id", "GatheringId", "PersonId", "Status", "RegisteredAt", "QueuedAt", "CheckInCode", "ChildcareNeeds", "UpdatedAt")
            SELECT $1::uuid, $2::uuid, $3::uuid, CASE WHEN s.free THEN {(int)RegistrationStatus.Confirmed} ELSE {(int)RegistrationStatus.Waiting} END,
                   $4::timestamptz, CASE WHEN s.free THEN NULL ELSE $4::timestamptz END, $5::text, $6::text, $4::timestamptz FROM s
            ON CONFLICT ("GatheringId", "PersonId") DO NOTHING
            RETURNING "Id", "Status"),
        sessions AS (
            INSERT INTO registration_sessions ("RegistrationId", "SessionId") SELECT r."Id", x FROM r, unnest($7::uuid[]) AS x),
        children AS (
            INSERT INTO registration_children ("RegistrationId", "Order", "Age") SELECT r."Id", c.o, c.a FROM r, unnest($8::integer[], $9::integer[]) AS c(o, a)),
        answers AS (
            INSERT INTO registration_answers ("RegistrationId", "QuestionId", "Value") SELECT r."Id", a.q, a.v FROM r, unnest($10::uuid[], $11::text[]) AS a(q, v))
        SELECT "Status" FROM r
        """;

    // After the commit, in the same round trip: the place in line, as WaitingPositionAsync counts it.
    private static readonly string PositionSql = $"""
        SELECT CASE WHEN r."Status" = {(int)RegistrationStatus.Waiting} THEN 1 + (SELECT count(*) FROM registrations x
            WHERE x."GatheringId" = r."GatheringId" AND x."Status" = {(int)RegistrationStatus.Waiting} AND x."QueuedAt" < r."QueuedAt") END
        FROM registrations r WHERE r."Id" = $1::uuid
        """;

    /// <summary>
    /// PostgreSQL: a new registration in one round trip. The database runs the lock and the insert (with its sessions,
    /// children and answers) as one transaction and commits it, then counts the place in line. Null, with nothing
    /// written, when the person already has a registration for the gathering.
    /// </summary>
    private static async Task<RegistrationOutcome?> InsertLockedAsync(DistriktDb db, Registration r, DateTimeOffset now, CancellationToken ct)
    {
        static NpgsqlBatchCommand Command(string sql, params object?[] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var v in values) command.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
            return command;
        }
        var at = now.ToUniversalTime();
        var gate = Gates.GetOrAdd(r.GatheringId, _ => new SemaphoreSlim(GateWidth));
        await gate.WaitAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(Command("""UPDATE gatherings SET "SeatVersion" = "SeatVersion" + 1 WHERE "Id" = $1::uuid""", r.GatheringId));
            var insert = Command(InsertSql, r.Id, r.GatheringId, r.PersonId, at, r.CheckInCode, r.ChildcareNeeds,
                r.Sessions.Select(x => x.SessionId).ToArray(), r.Children.Select(c => c.Order).ToArray(), r.Children.Select(c => c.Age).ToArray(),
                r.Answers.Select(a => a.QuestionId).ToArray(), r.Answers.Select(a => a.Value).ToArray());
            insert.AppendErrorBarrier = true; // the transaction ends here: lock and insert are committed before the count
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(Command(PositionSql, r.Id));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            // The lock's update returns no rows: the reader starts at the insert's.
            if (!await reader.ReadAsync(ct)) return null;
            r.Status = (RegistrationStatus)reader.GetInt32(0);
            r.QueuedAt = r.Status == RegistrationStatus.Waiting ? now : null;
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            return new RegistrationOutcome(r.Id, r.Status, reader.IsDBNull(0) ? null : (int)reader.GetInt64(0), false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            gate.Release();
        }
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
            .Where(x => x.Id == registrationId && x.GatheringId == g.Id && x.Status == RegistrationStatus.Offered && x.OfferExpiresAt >= now
                && x.Gathering!.CancelledAt == null)
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
        // After a draw the reserve list is served in drawn order, under the association cap (Lottery.NextFromReserve).
        var next = g.SeatsByLottery
            ? await Allocation.ApplicationRound.NextFromReserveAsync(db, g, capacity - taken, ct)
            : await db.Set<Registration>().Where(x => x.GatheringId == g.Id && x.Status == RegistrationStatus.Waiting)
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
        // A cancelled gathering's offers stay as they were when it was cancelled: there is no seat to pass on.
        var gatheringIds = await db.Set<Registration>().Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAt < now && r.Gathering!.CancelledAt == null)
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
        1 + (r.ReservePosition is { } reserve
            ? await db.Set<Registration>().CountAsync(x => x.GatheringId == r.GatheringId && x.Status == RegistrationStatus.Waiting
                && x.ReservePosition < reserve, ct)
            : await db.Set<Registration>().CountAsync(x => x.GatheringId == r.GatheringId && x.Status == RegistrationStatus.Waiting
                && x.QueuedAt < r.QueuedAt, ct));

    /// <summary>Takes the gathering's lock for the rest of the transaction (see the class comment).</summary>
    public static Task LockAsync(DistriktDb db, Guid gatheringId, CancellationToken ct) =>
        db.Set<Gathering>().Where(x => x.Id == gatheringId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SeatVersion, x => x.SeatVersion + 1), ct);

    /// <summary>Writes what the person filled in (children, needs, answers, sessions) onto their registration.</summary>
    public static void Fill(Registration r, Gathering g, RegistrationInput input)
    {
        r.ChildcareNeeds = input.ChildAges.Count > 0 && !string.IsNullOrWhiteSpace(input.ChildcareNeeds) ? input.ChildcareNeeds.Trim() : null;
        r.Children.Clear();
        r.Children.AddRange(input.ChildAges.Select((age, i) => new RegistrationChild { Order = i + 1, Age = age }));
        r.Answers.Clear();
        r.Answers.AddRange(g.Questions.Where(q => !string.IsNullOrWhiteSpace(input.Answers.GetValueOrDefault(q.Id)))
            .Select(q => new RegistrationAnswer { QuestionId = q.Id, Value = input.Answers[q.Id]!.Trim() }));
        r.Sessions.Clear();
        var sessions = input.SessionIds.Count > 0 ? input.SessionIds : g.Sessions.Select(s => s.Id).ToList();
        r.Sessions.AddRange(sessions.Distinct().Select(id => new RegistrationSession { SessionId = id }));
    }

    public static string NewCheckInCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
