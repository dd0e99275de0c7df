using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// One association's contact log, and the people the liaison calls: its board with phone and e-mail, and its contact
/// person. The district board reads it; the association's liaisons and whoever may appoint in the district log
/// contacts. It shows contact details, so every view is audit-logged and a strong sign-in is required.
/// </summary>
[Authorize]
public sealed class ContactsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Years of contacts pile up; the page shows the latest.</summary>
    public const int Shown = 100;
    public const string DateField = "contacted-on";
    public const string ChannelField = "channel";
    public const string NoteField = "note";

    public sealed record ContactRow(DateOnly On, ContactChannel Channel, string? Note, string? ByName, DateTimeOffset RecordedAt);
    public sealed record Reachable(Guid PersonId, string Name, string Roles, string? Phone, string? Email);

    [BindProperty] public string? ContactedOn { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? Note { get; set; }

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public Guid DistrictId { get; private set; }
    public LiaisonViewer Viewer { get; private set; } = new(false, false, false, false);
    public AssociationLiaisonStatus? Status { get; private set; }
    public IReadOnlyList<ContactRow> Contacts { get; private set; } = [];
    public int ContactsTotal { get; private set; }
    public IReadOnlyList<Reachable> Board { get; private set; } = [];
    public Reachable? ContactPerson { get; private set; }
    public DateOnly Today { get; private set; }
    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        ContactedOn = SwedishFormat.Date(Today);
        await ShowAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(unitId) is { } refused) return refused;
        if (!Viewer.MayLog) return Forbid();

        var on = DateInput.Read(ContactedOn, DateField, "datum för kontakten", required: true, Errors);
        if (on is { } d && d > Today) Errors.Add(DateField, "Datumet kan inte vara i framtiden. Logga kontakten när den har blivit av.");
        else if (on is { } early && early < LiaisonRules.EarliestContact) Errors.Add(DateField, $"Datumet kan inte vara före {SwedishFormat.Date(LiaisonRules.EarliestContact)}.");
        ContactChannel? channel = Enum.TryParse<ContactChannel>(Channel, out var c) && Enum.IsDefined(c) && !int.TryParse(Channel, out _) ? c : null;
        if (channel is null) Errors.Add(ChannelField, "Välj hur kontakten togs.");
        var note = (Note ?? "").Replace("\r\n", "\n").Trim();
        if (note.Length > LiaisonRules.NoteMaxLength)
            Errors.Add(NoteField, $"Anteckningen får vara högst {SwedishFormat.Number(LiaisonRules.NoteMaxLength)} tecken. Nu är den {SwedishFormat.Number(note.Length)}.");
        if (Errors.Any || on is null || channel is null)
        {
            await ShowAsync();
            return Page();
        }

        var access = await accessResolver.GetAsync(ct);
        var contact = new LiaisonContact
        {
            UnitId = unitId, ContactedOn = on.Value, Channel = channel.Value, Note = note.Length == 0 ? null : note,
            // Whoever logs made the contact for the district: the liaison, or staff standing in.
            LiaisonPersonId = access.PersonId, RecordedById = access.PersonId, RecordedAt = clock.GetUtcNow(),
        };
        db.Add(contact);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Fadderkontakt", contact.Id.ToString(),
            $"Fadderkontakt med {UnitName} loggad: {LiaisonRules.ChannelLabel(channel.Value).ToLower(SwedishFormat.Culture)} {SwedishFormat.Date(on.Value)}", ct);
        TempData["Message"] = $"Kontakten med {UnitName} den {SwedishFormat.Date(on.Value)} är loggad.";
        return Redirect($"/enheter/{unitId}/fadderkontakter");
    }

    private async Task<IActionResult?> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.Association) return NotFound();
        if (directory.DistrictOf(unitId) is not { } districtId) return NotFound();
        Today = SwedishFormat.Today(clock);
        Viewer = await LiaisonViewer.ForAsync(db, await accessResolver.GetAsync(ct), districtId, unitId, Today, ct);
        if (Viewer.Refusal(Request) is { } refused) return refused;
        UnitId = unitId;
        UnitName = unit.Name;
        DistrictId = districtId;
        return null;
    }

    private async Task ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        Status = (await LiaisonOverview.ReadAsync(db, DistrictId, Today, ct)).First(a => a.UnitId == UnitId);

        var contacts = await db.Set<LiaisonContact>().AsNoTracking().Where(c => c.UnitId == UnitId)
            .OrderByDescending(c => c.ContactedOn).Take(Shown)
            .Select(c => new ContactRow(c.ContactedOn, c.Channel, c.Note,
                db.Set<Person>().Where(p => p.Id == c.LiaisonPersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(), c.RecordedAt))
            .ToListAsync(ct);
        // Newest first; contacts of one day in the order they were logged (SQLite cannot sort the timestamps in SQL).
        Contacts = contacts.OrderByDescending(c => c.On).ThenByDescending(c => c.RecordedAt).ToList();
        ContactsTotal = Contacts.Count < Shown ? Contacts.Count : await db.Set<LiaisonContact>().CountAsync(c => c.UnitId == UnitId, ct);

        var holders = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.UnitId == UnitId && a.StartsOn <= Today && (a.EndsOn == null || a.EndsOn >= Today))
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, a.Person.Phone, a.Person.Email, Type = a.AssignmentType!.Name, a.AssignmentType.Key, a.AssignmentType.IsBoardSeat })
            .ToListAsync(ct);
        // The chair first (the one a liaison calls), then the rest of the board, then other assignment holders.
        Board = holders.GroupBy(h => h.PersonId)
            .Select(g => (Rank: g.Any(h => h.Key == StandardAssignmentTypes.Chair) ? 0 : g.Any(h => h.IsBoardSeat) ? 1 : 2,
                Person: new Reachable(g.Key, g.First().FirstName + " " + g.First().LastName,
                    string.Join(", ", g.Select(h => h.Type).Distinct().Order(SwedishCollation.Comparer)), g.First().Phone, g.First().Email)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Person.Name, SwedishCollation.Comparer)
            .Select(x => x.Person)
            .ToList();
        if (Status.ContactPersonId is { } contactId)
        {
            ContactPerson = Board.FirstOrDefault(b => b.PersonId == contactId)
                ?? await db.Set<Person>().AsNoTracking().Where(p => p.Id == contactId)
                    .Select(p => new Reachable(p.Id, p.FirstName + " " + p.LastName, "", p.Phone, p.Email)).FirstOrDefaultAsync(ct);
        }

        var people = Board.Count + (ContactPerson is not null && Board.All(b => b.PersonId != ContactPerson.PersonId) ? 1 : 0);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Fadderkontakt", UnitId.ToString(),
            $"Visade fadderkontakterna för {UnitName}: {Contacts.Count} kontakter, kontaktuppgifter till {people} personer", ct);
    }
}
