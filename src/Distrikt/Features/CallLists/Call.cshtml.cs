using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// The caller's page, made for a phone: one person at a time, the number as a big link that starts the call, what
/// to say, and the outcome. The caller never browses the list — opening the page takes the next person for them
/// (<see cref="CallListRules.TakeNextAsync"/>), and a form can only record the person they hold. Access is the
/// caller's, not a permission: see <see cref="CallListRules.CheckCallerAsync"/>.
/// </summary>
[Authorize]
public sealed class CallModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string OutcomeField = "outcome";
    public const string EngageField = "engage-in";
    public const string NoteField = "note";

    public sealed record Shown(Guid EntryId, int Version, Guid PersonId, string FirstName, string LastName, string Phone, string Belongs,
        CallOutcome? EarlierOutcome, int Attempts, DateTimeOffset? CalledAt, string? EarlierNote, DateTimeOffset ReservedUntil);

    [BindProperty] public Guid EntryId { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? EngageIn { get; set; }
    [BindProperty] public string? Note { get; set; }

    public CallList List { get; private set; } = null!;
    public Shown? Person { get; private set; }
    public bool Closed { get; private set; }
    public CallProgress Progress { get; private set; } = new(0, 0, 0);
    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid listId)
    {
        var ct = HttpContext.RequestAborted;
        if (await CheckAsync(listId) is { } refused) return refused;
        if (Closed) return Page();
        var access = await accessResolver.GetAsync(ct);
        var me = access.PersonId!.Value;
        var entryId = await CallListRules.TakeNextAsync(db, listId, me, clock.GetUtcNow(), ct);
        if (entryId is { } id)
        {
            Person = await ShowAsync(id, me);
        }
        await ProgressAsync(me);
        if (Person is not null)
        {
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Person", Person.PersonId.ToString(),
                $"Visades för ringaren på ringlistan {List.Name}", ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid listId)
    {
        var ct = HttpContext.RequestAborted;
        if (await CheckAsync(listId) is { } refused) return refused;
        if (Closed) return Page();
        var access = await accessResolver.GetAsync(ct);
        var me = access.PersonId!.Value;

        var outcome = CallListRules.FromValue(Outcome);
        var engageIn = EngageIn?.Trim();
        var note = Note?.Trim();
        if (outcome is null) Errors.Add(OutcomeField, "Välj hur samtalet gick.");
        if (outcome == CallOutcome.WantsToEngage && string.IsNullOrEmpty(engageIn)) Errors.Add(EngageField, "Skriv vad personen vill engagera sig i.");
        if (engageIn is { Length: > 200 }) Errors.Add(EngageField, "Vad personen vill engagera sig i får vara högst 200 tecken.");
        if (note is { Length: > 2000 }) Errors.Add(NoteField, "Anteckningen får vara högst 2 000 tecken.");
        if (Errors.Any)
        {
            // The same person again, with what was typed kept; only the one the caller holds can be shown.
            Person = await ShowAsync(EntryId, me);
            if (Person is null) return NotFound();
            await ProgressAsync(me);
            return Page();
        }

        var (result, personId) = await CallListRules.RecordAsync(db, List, EntryId, Version, me, outcome!.Value, engageIn, note,
            clock.GetUtcNow(), SwedishFormat.Today(clock), ct);
        switch (result)
        {
            case RecordResult.UnknownEntry:
                return NotFound();
            case RecordResult.NotReserved:
                TempData["Message"] = "Samtalet sparades inte: personen var inte längre reserverad för dig (mer än 20 minuter har gått, eller någon annan har tagit över). Här är nästa.";
                return Redirect($"/ringlistor/{listId}/ring");
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Person", personId.ToString(),
            $"Utfall på ringlistan {List.Name}: {CallListRules.Label(outcome.Value)}"
            + (outcome == CallOutcome.DoNotContact ? "; markerad att inte kontaktas" : ""), ct);
        TempData["Message"] = $"Sparat: {CallListRules.Label(outcome.Value)}.";
        return Redirect($"/ringlistor/{listId}/ring");
    }

    public async Task<IActionResult> OnPostSkipAsync(Guid listId)
    {
        var ct = HttpContext.RequestAborted;
        if (await CheckAsync(listId) is { } refused) return refused;
        if (Closed) return Page();
        var access = await accessResolver.GetAsync(ct);
        if (!await CallListRules.SkipAsync(db, listId, EntryId, access.PersonId!.Value, ct))
        {
            var onList = await db.Set<CallListEntry>().AnyAsync(e => e.Id == EntryId && e.CallListId == listId, ct);
            if (!onList) return NotFound();
        }
        TempData["Message"] = "Överhoppad. Personen kommer tillbaka sist i listan.";
        return Redirect($"/ringlistor/{listId}/ring");
    }

    private async Task<IActionResult?> CheckAsync(Guid listId)
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var (refusal, list) = await CallListRules.CheckCallerAsync(db, access, listId, ct);
        switch (refusal)
        {
            case CallerRefusal.UnknownList:
                return NotFound();
            case CallerRefusal.NotCaller:
                return Forbid();
            case CallerRefusal.WeakSignIn:
                var returnUrl = $"/ringlistor/{listId}/ring";
                return Redirect("/konto/stark-inloggning?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }
        List = list!;
        Closed = refusal == CallerRefusal.Closed;
        return null;
    }

    /// <summary>The entry with its person, if this caller holds it on this list.</summary>
    private async Task<Shown?> ShowAsync(Guid entryId, Guid me)
    {
        var ct = HttpContext.RequestAborted;
        var e = await db.Set<CallListEntry>().AsNoTracking()
            .Where(x => x.Id == entryId && x.CallListId == List.Id && x.ReservedById == me && x.PersonId != null)
            .Select(x => new { x.Id, x.Version, PersonId = x.PersonId!.Value, x.Person!.FirstName, x.Person.LastName, x.Person.Phone, x.Outcome, x.Attempts, x.CalledAt, x.Note, x.ReservedUntil })
            .FirstOrDefaultAsync(ct);
        if (e is null) return null;
        var today = SwedishFormat.Today(clock);
        var directory = await UnitDirectory.GetAsync(db, ct);
        // Only what lies within the list's unit: a caller needs to know the person's association here, not where else
        // the person belongs.
        var scope = directory.Subtree(List.UnitId).Select(u => u.Id).ToList();
        var units = await db.Set<Membership>().AsNoTracking().Where(MembershipQueries.CurrentOn(today)).Where(m => m.PersonId == e.PersonId && scope.Contains(m.UnitId))
            .Select(m => m.UnitId).ToListAsync(ct);
        string belongs;
        if (units.Count > 0)
        {
            belongs = "Medlem i " + string.Join(", ", units.Select(u => directory.Units.TryGetValue(u, out var info) ? info.Name : "").Order(SwedishCollation.Comparer));
        }
        else
        {
            var prospectUnit = await db.Set<Prospect>().AsNoTracking().Where(p => p.PersonId == e.PersonId && p.JoinedOn == null && scope.Contains(p.UnitId))
                .Select(p => (Guid?)p.UnitId).FirstOrDefaultAsync(ct);
            belongs = prospectUnit is { } pu && directory.Units.TryGetValue(pu, out var pinfo) ? $"Vill bli kontaktad om medlemskap – {pinfo.Name}" : "Inte medlem just nu";
        }
        return new Shown(e.Id, e.Version, e.PersonId, e.FirstName, e.LastName, e.Phone ?? "", belongs, e.Outcome, e.Attempts, e.CalledAt, e.Note,
            e.ReservedUntil ?? clock.GetUtcNow());
    }

    private async Task ProgressAsync(Guid me)
    {
        var entries = db.Set<CallListEntry>().Where(e => e.CallListId == List.Id);
        var all = await CallListRules.ProgressByListAsync(entries, HttpContext.RequestAborted);
        Progress = all.GetValueOrDefault(List.Id, new CallProgress(0, 0, 0));
    }
}
