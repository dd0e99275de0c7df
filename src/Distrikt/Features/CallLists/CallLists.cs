using Distrikt.Features.Assignments;
using Distrikt.Features.Care;
using Distrikt.Features.Members;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>Someone a list could hold, before the exclusions.</summary>
public sealed record CallCandidate(Guid PersonId, string FirstName, string LastName, string? Phone, DateOnly? DoNotContactSince);

/// <summary>Where a new list takes its people from: a care queue, the "to recruit" queue, or the member list's filter.</summary>
public sealed record CallListSource(CareQueue? Queue, bool Recruitment, MemberFilter Filter)
{
    /// <summary>Reads the address of the "new list" page: <c>?ko=nya</c>, <c>?rekrytering=1</c>, or the member list's own query keys.</summary>
    public static CallListSource? FromQuery(IQueryCollection query)
    {
        var slug = query["ko"].ToString();
        if (slug.Length > 0)
        {
            return CareQueues.FromSlug(slug) is { } queue ? new CallListSource(queue, false, new MemberFilter()) : null;
        }
        if (query["rekrytering"].ToString() == "1") return new CallListSource(null, true, new MemberFilter());
        return new CallListSource(null, false, MemberFilter.FromQuery(query));
    }

    /// <summary>The query string that brings the form back to the same source ("" for the plain member list).</summary>
    public string ToQueryString() =>
        Queue is { } q ? "?ko=" + CareQueues.Slug(q) : Recruitment ? "?rekrytering=1" : Filter.ToQueryString();
}

/// <summary>The people a source gives, split into those the list will hold and those it leaves out, and why.</summary>
public sealed record CallListSelection(IReadOnlyList<CallCandidate> Included, int DoNotContact, int WithoutPhone)
{
    public int Found => Included.Count + DoNotContact + WithoutPhone;
}

/// <summary>
/// How far a list, or one caller's share of it, has come. Remaining are those a caller can still be given; the rest
/// are done — called to the end, or out of reach (erased, or asked not to be contacted since the list was made).
/// </summary>
public sealed record CallProgress(int Total, int Called, int Remaining)
{
    public int Done => Total - Remaining;
    public int Percent => Total == 0 ? 0 : (int)Math.Round(100.0 * Done / Total);
}

/// <summary>Someone who may be added as a caller: holds a current assignment somewhere in the list's district.</summary>
public sealed record EligibleCaller(Guid PersonId, string FirstName, string LastName, string Assignments)
{
    public string Name => $"{FirstName} {LastName}";
}

/// <summary>Why a caller may not work a list right now; <see cref="Allowed"/> when they may.</summary>
public enum CallerRefusal
{
    Allowed,
    UnknownList,
    Closed,
    NotCaller,
    WeakSignIn,
}

public enum RecordResult
{
    Saved,
    /// <summary>The entry is not reserved by this caller (any longer): someone else has it, or it is already recorded.</summary>
    NotReserved,
    /// <summary>No such entry on this list: a forged or stale id.</summary>
    UnknownEntry,
}

/// <summary>
/// The rules of call lists, shared by the owner's pages and the caller's: who may call, whom a list holds, and how
/// a caller takes the next person. Taking a person is one conditional UPDATE in the database (decision 0016), so
/// two callers — on two app nodes, too — are never shown the same person.
/// </summary>
public static class CallListRules
{
    /// <summary>How long a person stays reserved for the caller who was shown them; after that anyone may take them.</summary>
    public static readonly TimeSpan ReservationTime = TimeSpan.FromMinutes(20);
    /// <summary>Unanswered calls before the person counts as done ("Inget svar" three times).</summary>
    public const int MaxAttempts = 3;
    /// <summary>A list a few volunteers can work through; a larger selection is better narrowed first.</summary>
    public const int MaxEntries = 3000;

    public static IReadOnlyList<CallOutcome> Outcomes { get; } =
        [CallOutcome.Answered, CallOutcome.NoAnswer, CallOutcome.WrongNumber, CallOutcome.DoNotContact, CallOutcome.WantsToEngage];

    public static string Label(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => "Svarade",
        CallOutcome.NoAnswer => "Inget svar",
        CallOutcome.WrongNumber => "Fel nummer",
        CallOutcome.DoNotContact => "Vill inte bli kontaktad",
        CallOutcome.WantsToEngage => "Vill engagera sig",
        _ => outcome.ToString(),
    };

    /// <summary>The word used in forms and the export.</summary>
    public static string Value(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => "svarade",
        CallOutcome.NoAnswer => "inget-svar",
        CallOutcome.WrongNumber => "fel-nummer",
        CallOutcome.DoNotContact => "vill-inte",
        CallOutcome.WantsToEngage => "engagera",
        _ => outcome.ToString(),
    };

    public static CallOutcome? FromValue(string? value) => Outcomes.Cast<CallOutcome?>().FirstOrDefault(o => Value(o!.Value) == value);

    /// <summary>An answered call is the care step the queue asks for; "wants to engage" is an answered call too.</summary>
    public static bool IsAnswered(CallOutcome outcome) => outcome is CallOutcome.Answered or CallOutcome.WantsToEngage;

    /// <summary>Entries still to call: not recorded, or unanswered fewer than <see cref="MaxAttempts"/> times.</summary>
    public static IQueryable<CallListEntry> Remaining(IQueryable<CallListEntry> entries) =>
        entries.Where(e => e.Outcome == null || (e.Outcome == CallOutcome.NoAnswer && e.Attempts < MaxAttempts));

    /// <summary>
    /// Entries a caller may be given: still to call, with a person (an erased person's entry only counts) who has
    /// not asked to be left alone since the list was made.
    /// </summary>
    public static IQueryable<CallListEntry> Servable(DistriktDb db, Guid listId) =>
        Remaining(db.Set<CallListEntry>().Where(e => e.CallListId == listId))
            .Where(e => e.PersonId != null && e.Person!.DoNotContactSince == null);

    // ---- Making a list ----

    /// <summary>The people the source gives in the scope, in Swedish name order, with the exclusions counted.</summary>
    public static async Task<CallListSelection> SelectAsync(DistriktDb db, CallListSource source, IReadOnlyCollection<Guid> scope, Guid districtId,
        DateOnly today, CancellationToken ct)
    {
        List<CallCandidate> found;
        if (source.Queue is { } queue)
        {
            var rules = await CareQueues.SettingsAsync(db, districtId, ct);
            found = await CareQueues.Query(db, scope, queue, rules, today)
                .Select(e => new CallCandidate(e.PersonId, e.FirstName, e.LastName, e.Phone, e.DoNotContactSince)).ToListAsync(ct);
        }
        else if (source.Recruitment)
        {
            found = await db.Set<Prospect>().AsNoTracking()
                .Where(p => p.JoinedOn == null && p.ErasedOn == null && p.PersonId != null && scope.Contains(p.UnitId))
                .Select(p => new CallCandidate(p.PersonId!.Value, p.Person!.FirstName, p.Person.LastName, p.Person.Phone, p.Person.DoNotContactSince))
                .ToListAsync(ct);
        }
        else
        {
            found = await MemberList.People(db, scope, source.Filter, today)
                .Select(p => new CallCandidate(p.Id, p.FirstName, p.LastName, p.Phone, p.DoNotContactSince)).ToListAsync(ct);
        }
        // A person with two memberships in the scope is still called once.
        var people = found.DistinctBy(c => c.PersonId)
            .OrderBy(c => c.LastName, SwedishCollation.Comparer).ThenBy(c => c.FirstName, SwedishCollation.Comparer).ThenBy(c => c.PersonId)
            .ToList();
        var doNotContact = people.Count(c => c.DoNotContactSince is not null);
        var withoutPhone = people.Count(c => c.DoNotContactSince is null && string.IsNullOrWhiteSpace(c.Phone));
        return new CallListSelection(people.Where(c => c.DoNotContactSince is null && !string.IsNullOrWhiteSpace(c.Phone)).ToList(), doNotContact, withoutPhone);
    }

    /// <summary>
    /// The entries of a new list: in the selection's order, dealt out to the callers in turn so that everyone's
    /// share is as large (and as alphabetically mixed) as the others'. Without callers the entries are open to
    /// whoever is added later.
    /// </summary>
    public static List<CallListEntry> Deal(Guid listId, IReadOnlyList<CallCandidate> people, IReadOnlyList<Guid> callers) =>
        people.Select((p, i) => new CallListEntry
        {
            CallListId = listId,
            PersonId = p.PersonId,
            Position = i + 1,
            CallerId = callers.Count == 0 ? null : callers[i % callers.Count],
        }).ToList();

    // ---- Callers ----

    /// <summary>The district of a unit (the unit itself when it is one).</summary>
    public static Guid DistrictOf(UnitDirectorySnapshot directory, Guid unitId) => directory.DistrictOf(unitId) ?? unitId;

    /// <summary>People holding a current assignment of any type in the district, each once, in Swedish name order.</summary>
    public static async Task<List<EligibleCaller>> EligibleCallersAsync(DistriktDb db, UnitDirectorySnapshot directory, Guid districtId, DateOnly today, CancellationToken ct)
    {
        var units = directory.Subtree(districtId).Select(u => u.Id).ToList();
        var held = await db.Set<Assignment>().AsNoTracking()
            .Where(a => units.Contains(a.UnitId) && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, Type = a.AssignmentType!.Name, a.UnitId })
            .ToListAsync(ct);
        return held.GroupBy(a => a.PersonId)
            .Select(g => new EligibleCaller(g.Key, g.First().FirstName, g.First().LastName,
                string.Join(", ", g.Select(a => $"{a.Type} i {(directory.Units.TryGetValue(a.UnitId, out var u) ? u.Name : "")}").Distinct().Order(SwedishCollation.Comparer))))
            .OrderBy(c => c.LastName, SwedishCollation.Comparer).ThenBy(c => c.FirstName, SwedishCollation.Comparer).ThenBy(c => c.PersonId)
            .ToList();
    }

    /// <summary>
    /// A caller sees a list's people only while the list is open, they are on it, they hold an assignment in its
    /// district and they signed in strongly: what they see reveals the people's membership.
    /// </summary>
    public static async Task<(CallerRefusal Refusal, CallList? List)> CheckCallerAsync(DistriktDb db, Access access, Guid listId, CancellationToken ct)
    {
        var list = await db.Set<CallList>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId, ct);
        if (list is null || access.PersonId is not { } me) return (CallerRefusal.UnknownList, null);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var isCaller = await db.Set<CallListCaller>().AnyAsync(c => c.CallListId == listId && c.PersonId == me, ct);
        if (!isCaller || !access.HoldsAssignmentWithin(DistrictOf(directory, list.UnitId))) return (CallerRefusal.NotCaller, list);
        if (list.ClosedAt is not null) return (CallerRefusal.Closed, list);
        if (!access.IsStrong) return (CallerRefusal.WeakSignIn, list);
        return (CallerRefusal.Allowed, list);
    }

    // ---- Calling ----

    /// <summary>
    /// Gives the caller the next person: the one they already hold, else the first free entry of their own share,
    /// else of the entries shared by no one. Each try is a conditional UPDATE that succeeds only while the entry is
    /// free (not reserved, or the reservation has run out), so of two callers racing for the same entry exactly
    /// one gets it and the other moves on to the next.
    /// </summary>
    public static async Task<Guid?> TakeNextAsync(DistriktDb db, Guid listId, Guid callerId, DateTimeOffset now, CancellationToken ct)
    {
        var until = now + ReservationTime;
        var held = await Servable(db, listId).Where(e => e.ReservedById == callerId && e.ReservedUntil > now)
            .OrderBy(e => e.Position).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (held is { } mine)
        {
            await db.Set<CallListEntry>().Where(e => e.Id == mine && e.ReservedById == callerId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ReservedUntil, until), ct);
            return mine;
        }
        for (var round = 0; round < 10; round++)
        {
            var candidates = await Servable(db, listId)
                .Where(e => e.CallerId == callerId || e.CallerId == null)
                .Where(e => e.ReservedById == null || e.ReservedUntil <= now || e.ReservedById == callerId)
                .OrderBy(e => e.CallerId == callerId ? 0 : 1).ThenBy(e => e.Position).ThenBy(e => e.Id)
                .Select(e => e.Id).Take(8).ToListAsync(ct);
            if (candidates.Count == 0) return null;
            foreach (var id in candidates)
            {
                var taken = await Remaining(db.Set<CallListEntry>())
                    .Where(e => e.Id == id && (e.ReservedById == null || e.ReservedUntil <= now || e.ReservedById == callerId))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(e => e.ReservedById, callerId)
                        .SetProperty(e => e.ReservedUntil, until)
                        .SetProperty(e => e.Version, e => e.Version + 1), ct);
                if (taken == 1) return id;
            }
        }
        return null;
    }

    private static async Task<int> EndPositionAsync(DistriktDb db, Guid listId, CancellationToken ct) =>
        (await db.Set<CallListEntry>().Where(e => e.CallListId == listId).MaxAsync(e => (int?)e.Position, ct) ?? 0) + 1;

    /// <summary>Lets go of the person without an outcome; they go to the end of the list, to be called later.</summary>
    public static async Task<bool> SkipAsync(DistriktDb db, Guid listId, Guid entryId, Guid callerId, CancellationToken ct)
    {
        var end = await EndPositionAsync(db, listId, ct);
        return await db.Set<CallListEntry>().Where(e => e.Id == entryId && e.CallListId == listId && e.ReservedById == callerId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.ReservedById, (Guid?)null)
                .SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.Position, end)
                .SetProperty(e => e.Version, e => e.Version + 1), ct) == 1;
    }

    /// <summary>
    /// Records the outcome of a call by the caller holding the entry, all or nothing: the entry, the person's
    /// do-not-contact and the care step are written in one transaction.
    /// </summary>
    public static async Task<(RecordResult Result, Guid? PersonId)> RecordAsync(DistriktDb db, CallList list, Guid entryId, int version, Guid callerId,
        CallOutcome outcome, string? engageIn, string? note, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var entry = await db.Set<CallListEntry>().AsNoTracking().Where(e => e.Id == entryId && e.CallListId == list.Id)
            .Select(e => new { e.PersonId, e.Note, e.ReservedById }).FirstOrDefaultAsync(ct);
        if (entry is null || entry.PersonId is not { } personId) return (RecordResult.UnknownEntry, null);
        if (entry.ReservedById != callerId) return (RecordResult.NotReserved, personId);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // An unanswered person goes to the end of the list, so the caller tries the others before trying again.
        var position = outcome == CallOutcome.NoAnswer ? await EndPositionAsync(db, list.Id, ct) : (int?)null;
        var keptNote = string.IsNullOrWhiteSpace(note) ? entry.Note : note.Trim();
        var written = await db.Set<CallListEntry>()
            .Where(e => e.Id == entryId && e.CallListId == list.Id && e.ReservedById == callerId && e.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Outcome, outcome)
                .SetProperty(e => e.EngageIn, outcome == CallOutcome.WantsToEngage ? engageIn : null)
                .SetProperty(e => e.Note, keptNote)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.CalledAt, now)
                .SetProperty(e => e.CalledById, callerId)
                .SetProperty(e => e.ReservedById, (Guid?)null)
                .SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.Position, e => position ?? e.Position)
                .SetProperty(e => e.Version, e => e.Version + 1), ct);
        if (written != 1) return (RecordResult.NotReserved, personId);

        if (outcome == CallOutcome.DoNotContact)
        {
            // Kept on the person, not the list, so that every later list and every open one leaves them out.
            await db.Set<Person>().Where(p => p.Id == personId && p.DoNotContactSince == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.DoNotContactSince, today), ct);
        }
        if (list.SourceQueue is { } queue && IsAnswered(outcome))
        {
            var directory = await UnitDirectory.GetAsync(db, ct);
            var scope = directory.Subtree(list.UnitId).Select(u => u.Id).ToList();
            // The step belongs to the association the person is a member of, as a welcome made there by hand would.
            var unit = await db.Set<Membership>().AsNoTracking().Where(m => m.PersonId == personId && scope.Contains(m.UnitId))
                .OrderBy(m => m.EndedOn == null ? 0 : 1).ThenByDescending(m => m.StartedOn).Select(m => (Guid?)m.UnitId).FirstOrDefaultAsync(ct);
            db.Add(new CareStep { PersonId = personId, UnitId = unit ?? list.UnitId, Queue = queue, DoneOn = today, DoneById = callerId, Note = $"Ringlista: {list.Name}" });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (RecordResult.Saved, personId);
    }

    // ---- Following up ----

    /// <summary>Progress of each list among the given entries (all of a list's, or one caller's share), counted in the database.</summary>
    public static async Task<Dictionary<Guid, CallProgress>> ProgressByListAsync(IQueryable<CallListEntry> entries, CancellationToken ct)
    {
        var counts = await entries.GroupBy(e => e.CallListId).Select(g => new
        {
            g.Key,
            Total = g.Count(),
            Called = g.Count(e => e.Outcome != null),
            Remaining = g.Count(e => (e.Outcome == null || (e.Outcome == CallOutcome.NoAnswer && e.Attempts < MaxAttempts))
                && e.PersonId != null && e.Person!.DoNotContactSince == null),
        }).ToListAsync(ct);
        return counts.ToDictionary(c => c.Key, c => new CallProgress(c.Total, c.Called, c.Remaining));
    }

    public static bool IsRemaining(CallOutcome? outcome, int attempts) =>
        outcome is null || (outcome == CallOutcome.NoAnswer && attempts < MaxAttempts);

    /// <summary>Whether a caller can still be given the entry: <see cref="Servable"/>, in memory.</summary>
    public static bool IsServable(Guid? personId, bool doNotContact, CallOutcome? outcome, int attempts) =>
        personId is not null && !doNotContact && IsRemaining(outcome, attempts);
}
