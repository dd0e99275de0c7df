using Distrikt.Features.Members;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// The owner's view of a list: progress per outcome and per caller, every person with the outcome and the caller's
/// note, and the changes the owner makes while the list runs (callers in and out, a share moved to others, closing).
/// The people and notes are personal data, so each view and the export are audit-logged.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class DetailsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record EntryRow(Guid Id, Guid? PersonId, string? FirstName, string? LastName, string? Phone, Guid? CallerId,
        CallOutcome? Outcome, string? EngageIn, string? Note, int Attempts, DateTimeOffset? CalledAt, bool Reserved, bool DoNotContact)
    {
        public bool IsRemaining => CallListRules.IsServable(PersonId, DoNotContact, Outcome, Attempts);
    }

    public sealed record CallerRow(Guid PersonId, string Name, CallProgress Share, bool StillEligible);

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public CallList List { get; private set; } = null!;
    public IReadOnlyList<EntryRow> Entries { get; private set; } = [];
    public IReadOnlyList<CallerRow> Callers { get; private set; } = [];
    public CallProgress Unassigned { get; private set; } = new(0, 0, 0);
    public CallProgress Progress { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<(CallOutcome Outcome, int Count)> ByOutcome { get; private set; } = [];
    public int Erased { get; private set; }
    public IReadOnlyList<EligibleCaller> Addable { get; private set; } = [];
    public string? Error { get; private set; }
    private Dictionary<Guid, string> _names = [];

    public string CallerName(Guid? id) => id is { } v && _names.TryGetValue(v, out var n) ? n : "Alla ringare";

    public async Task<IActionResult> OnGetAsync(Guid unitId, Guid listId)
    {
        if (!await LoadAsync(unitId, listId)) return NotFound();
        await AuditViewAsync();
        return Page();
    }

    /// <summary>The results as CSV for follow-up in a spreadsheet; cells that look like formulas are neutralised by the writer.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid unitId, Guid listId)
    {
        if (!await LoadAsync(unitId, listId)) return NotFound();
        var file = CsvWriter.ToBytes(csv =>
        {
            csv.WriteRow("Efternamn", "Förnamn", "Telefon", "Ringare", "Utfall", "Vill engagera sig i", "Anteckning", "Försök", "Senast ringd");
            foreach (var e in Entries)
            {
                csv.WriteRow(e.LastName ?? "(borttagen)", e.FirstName ?? "", e.Phone is { } p ? Contact.Phone(p) : "", CallerName(e.CallerId),
                    e.Outcome is { } o ? CallListRules.Label(o) : "", e.EngageIn, e.Note,
                    e.Attempts.ToString(SwedishFormat.Culture), e.CalledAt is { } at ? SwedishFormat.DateTime(at) : "");
            }
        });
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Ringlista", List.Id.ToString(),
            $"Exporterade resultatet av ringlistan {List.Name} i {UnitName} som CSV: {Entries.Count} personer", HttpContext.RequestAborted);
        var safeName = string.Concat(List.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-');
        return File(file, CsvWriter.ContentType, $"ringlista-{safeName}-{SwedishFormat.Date(SwedishFormat.Today(clock))}.csv");
    }

    public async Task<IActionResult> OnPostAddCallerAsync(Guid unitId, Guid listId, Guid? personId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, listId)) return NotFound();
        if (personId is not { } id || !Addable.Any(c => c.PersonId == id))
        {
            Error = "Välj en ringare i listan. Bara den som har ett uppdrag i distriktet kan ringa.";
            await AuditViewAsync();
            return Page();
        }
        db.Add(new CallListCaller { CallListId = listId, PersonId = id, AddedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same caller added twice at once (a double tap): the first one counts.
            return Redirect($"/enheter/{unitId}/ringlistor/{listId}");
        }
        var name = Addable.First(c => c.PersonId == id).Name;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Ringlista", listId.ToString(),
            $"Lade till en ringare (person {id}) på ringlistan {List.Name}", ct);
        TempData["Message"] = $"{name} kan nu ringa från listan. Hen tar först de personer som ingen annan har.";
        return Redirect(ListUrl(unitId, listId));
    }

    /// <summary>The caller leaves the list; the people left in their share become open to the other callers.</summary>
    public async Task<IActionResult> OnPostRemoveCallerAsync(Guid unitId, Guid listId, Guid personId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, listId)) return NotFound();
        if (Callers.FirstOrDefault(c => c.PersonId == personId) is not { } caller) return NotFound();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await CallListRules.Remaining(db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.CallerId == personId))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.CallerId, (Guid?)null), ct);
            await db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.ReservedById == personId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ReservedById, (Guid?)null).SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null), ct);
            await db.Set<CallListCaller>().Where(c => c.CallListId == listId && c.PersonId == personId).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Ringlista", listId.ToString(),
            $"Tog bort en ringare (person {caller.PersonId}) från ringlistan {List.Name}; {caller.Share.Remaining} kvar att ringa blev öppna för alla", ct);
        TempData["Message"] = $"{caller.Name} ringer inte längre från listan. De {caller.Share.Remaining} som var kvar i hens del kan nu tas av alla ringare.";
        return Redirect(ListUrl(unitId, listId));
    }

    /// <summary>"Fördela om": a caller's remaining people are dealt out to the other callers in turn.</summary>
    public async Task<IActionResult> OnPostRedistributeAsync(Guid unitId, Guid listId, Guid personId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, listId)) return NotFound();
        if (Callers.FirstOrDefault(c => c.PersonId == personId) is not { } caller) return NotFound();
        var others = Callers.Where(c => c.PersonId != personId && c.StillEligible).Select(c => c.PersonId).ToList();
        if (others.Count == 0)
        {
            Error = "Det finns ingen annan ringare att fördela till. Lägg till en ringare först.";
            await AuditViewAsync();
            return Page();
        }
        // The one the caller is talking to right now stays with them.
        var now = clock.GetUtcNow();
        var moving = await CallListRules.Remaining(db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.CallerId == personId))
            .Where(e => !(e.ReservedById == personId && e.ReservedUntil > now))
            .OrderBy(e => e.Position).ToListAsync(ct);
        for (var i = 0; i < moving.Count; i++) moving[i].CallerId = others[i % others.Count];
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A caller recorded one of them meanwhile; nothing was moved, and trying again moves the rest.
            Error = "Någon ringde från listan samtidigt. Försök igen.";
            db.ChangeTracker.Clear();
            await LoadAsync(unitId, listId);
            await AuditViewAsync();
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Ringlista", listId.ToString(),
            $"Fördelade om {moving.Count} personer från en ringare (person {caller.PersonId}) till {others.Count} andra ringare på ringlistan {List.Name}", ct);
        TempData["Message"] = $"{moving.Count} personer från {caller.Name} är fördelade på {others.Count} andra ringare.";
        return Redirect(ListUrl(unitId, listId));
    }

    public Task<IActionResult> OnPostCloseAsync(Guid unitId, Guid listId) => SetClosedAsync(unitId, listId, close: true);

    public Task<IActionResult> OnPostReopenAsync(Guid unitId, Guid listId) => SetClosedAsync(unitId, listId, close: false);

    private async Task<IActionResult> SetClosedAsync(Guid unitId, Guid listId, bool close)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, listId)) return NotFound();
        var now = clock.GetUtcNow();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Set<CallList>().Where(l => l.Id == listId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ClosedAt, close ? now : null), ct);
            if (close)
            {
                // A closed list shows no one to anyone; what callers had open is let go, together with the closing.
                await db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.ReservedById != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.ReservedById, (Guid?)null).SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null), ct);
            }
            await tx.CommitAsync(ct);
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Ringlista", listId.ToString(),
            close ? $"Stängde ringlistan {List.Name}" : $"Öppnade ringlistan {List.Name} igen", ct);
        TempData["Message"] = close ? "Listan är stängd. Ringarna ser inte längre personerna på den." : "Listan är öppen igen.";
        return Redirect(ListUrl(unitId, listId));
    }

    private static string ListUrl(Guid unitId, Guid listId) => $"/enheter/{unitId}/ringlistor/{listId}";

    /// <summary>A refused change shows the list again, which is a view like any other.</summary>
    private async Task AuditViewAsync() =>
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Ringlista", List.Id.ToString(),
            $"Visade ringlistan {List.Name} i {UnitName}: {Entries.Count} personer med utfall och anteckningar", HttpContext.RequestAborted);

    /// <summary>The list, if it belongs to this unit: a list of another unit is not found here, whatever its id.</summary>
    private async Task<bool> LoadAsync(Guid unitId, Guid listId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit)) return false;
        var list = await db.Set<CallList>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId && l.UnitId == unitId, ct);
        if (list is null) return false;
        UnitId = unitId;
        UnitName = unit.Name;
        List = list;
        var now = clock.GetUtcNow();
        var entries = await db.Set<CallListEntry>().AsNoTracking().Where(e => e.CallListId == listId)
            .Select(e => new EntryRow(e.Id, e.PersonId, e.Person!.FirstName, e.Person.LastName, e.Person.Phone, e.CallerId, e.Outcome, e.EngageIn, e.Note,
                e.Attempts, e.CalledAt, e.ReservedById != null && e.ReservedUntil > now, e.Person.DoNotContactSince != null))
            .ToListAsync(ct);
        // Swedish name order; an erased person's entry, which only counts, last.
        Entries = entries.OrderBy(e => e.PersonId is null ? 1 : 0)
            .ThenBy(e => e.LastName ?? "", SwedishCollation.Comparer).ThenBy(e => e.FirstName ?? "", SwedishCollation.Comparer).ThenBy(e => e.Id).ToList();
        Erased = entries.Count(e => e.PersonId is null);
        static CallProgress Count(IEnumerable<EntryRow> rows)
        {
            var list = rows.ToList();
            return new CallProgress(list.Count, list.Count(e => e.Outcome is not null), list.Count(e => e.IsRemaining));
        }
        Progress = Count(entries);
        ByOutcome = CallListRules.Outcomes.Select(o => (o, entries.Count(e => e.Outcome == o))).ToList();

        var today = SwedishFormat.Today(clock);
        var eligible = await CallListRules.EligibleCallersAsync(db, directory, CallListRules.DistrictOf(directory, unitId), today, ct);
        var eligibleIds = eligible.Select(c => c.PersonId).ToHashSet();
        var callers = await db.Set<CallListCaller>().AsNoTracking().Where(c => c.CallListId == listId)
            .Join(db.Set<People.Person>(), c => c.PersonId, p => p.Id, (c, p) => new { p.Id, p.FirstName, p.LastName }).ToListAsync(ct);
        _names = callers.ToDictionary(c => c.Id, c => $"{c.FirstName} {c.LastName}");
        // Someone no longer on the list may still have a share (recorded calls) to show.
        foreach (var former in entries.Select(e => e.CallerId).OfType<Guid>().Distinct().Where(id => !_names.ContainsKey(id)))
        {
            _names[former] = await db.Set<People.Person>().Where(p => p.Id == former).Select(p => p.FirstName + " " + p.LastName).FirstOrDefaultAsync(ct) ?? "Okänd";
        }
        Callers = callers.OrderBy(c => c.LastName, SwedishCollation.Comparer).ThenBy(c => c.FirstName, SwedishCollation.Comparer)
            .Select(c => new CallerRow(c.Id, $"{c.FirstName} {c.LastName}", Count(entries.Where(e => e.CallerId == c.Id)), eligibleIds.Contains(c.Id)))
            .ToList();
        Unassigned = Count(entries.Where(e => e.CallerId is not { } c || !callers.Any(x => x.Id == c)));
        Addable = eligible.Where(c => !callers.Any(x => x.Id == c.PersonId)).ToList();
        return true;
    }
}
