using System.Globalization;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Care;

/// <summary>
/// The people waiting in one care queue, longest waiting first, 50 to a page, with a form per person to record
/// the step taken. Seeing the list needs the right to see people in the unit; recording a step needs the right to
/// change them, and the person must be waiting in this unit's queue — an id from another association's queue,
/// put into the form by hand, is refused like any other person outside the board's reach. Every view, step and
/// export is audit-logged by count or by person id, never with names or notes.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class QueueModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public const string NoteField = "anteckning";

    public CareUnit Care { get; private set; } = null!;
    public CareQueue Queue { get; private set; }
    public string Slug => CareQueues.Slug(Queue);
    public IReadOnlyList<CareQueueEntry> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public DateOnly Today { get; private set; }
    public bool CanRecord { get; private set; }
    public FieldErrors Errors { get; } = new();
    /// <summary>After a refused step: whose form the error belongs to and what was typed, so nothing is lost.</summary>
    public Guid? FailedPersonId { get; private set; }
    public string? FailedNote { get; private set; }
    /// <summary>Shown once by the layout after the redirect.</summary>
    [TempData] public string? Message { get; set; }

    public string ListUrl(int page) => $"/enheter/{Care.Unit.Id}/medlemsvard/{Slug}" + (page > 1 ? "?sida=" + page.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>The id of one person's note field, unique on the page, so an error can point at it.</summary>
    public static string NoteId(Guid personId) => "note-" + personId.ToString("N");

    public async Task<IActionResult> OnGetAsync(Guid unitId, string queue)
    {
        if (!await LoadAsync(unitId, queue)) return NotFound();
        var page = int.TryParse(Request.Query["sida"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 1;
        await ReadPageAsync(page);
        await RecordViewAsync();
        return Page();
    }

    /// <summary>Records that the person was welcomed, reminded or contacted; they leave the queue.</summary>
    public async Task<IActionResult> OnPostStepAsync(Guid unitId, string queue, [FromForm(Name = "personId")] Guid personId,
        [FromForm(Name = NoteField)] string? note, [FromForm(Name = "sida")] int? page)
    {
        if (!await LoadAsync(unitId, queue)) return NotFound();
        var ct = HttpContext.RequestAborted;
        if (!CanRecord) return Forbid();
        var entry = await CareQueues.Query(db, Care.Scope, Queue, Care.Rules, Today).Where(e => e.PersonId == personId)
            .Select(e => new { e.UnitId, e.Since }).FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            // Someone out of the queue already (a colleague was quicker) is a message; someone never in this unit is a refusal.
            if (!await InScopeAsync(personId, ct)) return Forbid();
            Message = "Personen står inte längre i kön – någon har redan tagit hand om hen, eller så har medlemskapet ändrats.";
            return Redirect(ListUrl(page ?? 1));
        }
        var text = note?.Trim();
        if (text is { Length: 0 }) text = null;
        if (text is { Length: > CareSteps.NoteMaxLength })
            Errors.Add(NoteId(personId), $"Anteckningen får vara högst {CareSteps.NoteMaxLength} tecken; den här är {text.Length}.");
        if (Errors.Any)
        {
            FailedPersonId = personId;
            FailedNote = note;
            await ReadPageAsync(page ?? 1);
            await RecordViewAsync();
            return Page();
        }
        var access = await accessResolver.GetAsync(ct);
        db.Add(new CareStep { PersonId = personId, UnitId = entry.UnitId, Queue = Queue, DoneOn = Today, DoneById = access.PersonId, Note = text });
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Person", personId.ToString(),
            $"Registrerade medlemsvård i {Care.UnitNameOf(entry.UnitId)}: {CareSteps.StepName(Queue)} (kön {CareSteps.ShortLabel(Queue).ToLowerInvariant()}){(text is null ? "" : ", med anteckning")}", ct);
        var name = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.FirstName + " " + p.LastName).FirstAsync(ct);
        Message = $"{name}: {CareSteps.StepName(Queue).ToLowerInvariant()}. Hen har lämnat kön.";
        return Redirect(ListUrl(page ?? 1));
    }

    /// <summary>The whole queue as CSV, oldest first; the entry is written before the file leaves.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid unitId, string queue)
    {
        if (!await LoadAsync(unitId, queue)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var rows = await Ordered().ToListAsync(ct);
        var bytes = CsvWriter.ToBytes(csv =>
        {
            csv.WriteRow("Efternamn", "Förnamn", "Förening", CareSteps.SinceHeading(Queue), "Avgift betald till och med", "Telefon", "E-post", "Vill inte bli kontaktad");
            foreach (var r in rows)
                csv.WriteRow(r.LastName, r.FirstName, Care.AssociationOf(r.UnitId), SwedishFormat.Date(r.Since), SwedishFormat.Date(r.FeePaidThrough),
                    r.Phone is { } phone ? Members.Contact.Phone(phone) : null, r.Email, r.DoNotContactSince is { } since ? "sedan " + SwedishFormat.Date(since) : null);
        });
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Medlemsvård", unitId.ToString(),
            $"Exporterade kön {CareSteps.ShortLabel(Queue).ToLowerInvariant()} för {Care.Unit.Name} som CSV: {rows.Count} personer", ct);
        return File(bytes, CsvWriter.ContentType, $"medlemsvard-{Slug}-{Today:yyyy-MM-dd}.csv");
    }

    private async Task<bool> LoadAsync(Guid unitId, string queue)
    {
        var ct = HttpContext.RequestAborted;
        if (CareQueues.FromSlug(queue) is not { } q) return false;
        if (await CareUnit.LoadAsync(db, unitId, ct) is not { } care) return false;
        Care = care;
        Queue = q;
        Today = SwedishFormat.Today(clock);
        var access = await accessResolver.GetAsync(ct);
        CanRecord = access.Can(Permission.ManagePeople, unitId);
        return true;
    }

    /// <summary>
    /// Longest waiting first; the name, then the id, keep the order stable across pages. In the lapsing queue the
    /// day of entry is the fee's date less a constant, so the fee's date itself orders it: the database can then
    /// read its index in order and stop after a page instead of sorting ten thousand computed dates.
    /// </summary>
    private IQueryable<CareQueueEntry> Ordered()
    {
        var entries = CareQueues.Query(db, Care.Scope, Queue, Care.Rules, Today);
        var ordered = Queue == CareQueue.Lapsing ? entries.OrderBy(e => e.FeePaidThrough) : entries.OrderBy(e => e.Since);
        return ordered.ThenBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.PersonId);
    }

    private async Task ReadPageAsync(int page)
    {
        var ct = HttpContext.RequestAborted;
        Total = await CareQueues.Query(db, Care.Scope, Queue, Care.Rules, Today).CountAsync(ct);
        // Past the end (an old link, or the queue shrank): the last page instead of an empty one.
        PageNumber = Math.Clamp(page, 1, PageCount);
        Rows = await Ordered().Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    private Task<bool> InScopeAsync(Guid personId, CancellationToken ct)
    {
        var scope = Care.Scope;
        return db.Set<Membership>().AsNoTracking().AnyAsync(m => m.PersonId == personId && scope.Contains(m.UnitId), ct);
    }

    private async Task RecordViewAsync() =>
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Medlemsvård", Care.Unit.Id.ToString(),
            $"Visade kön {CareSteps.ShortLabel(Queue).ToLowerInvariant()} för {Care.Unit.Name}: {Rows.Count} av {Total} personer, sida {PageNumber}", HttpContext.RequestAborted);
}
