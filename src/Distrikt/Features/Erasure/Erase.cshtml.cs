using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.Liaisons;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>
/// Erasing one person on request. The page says exactly what goes and what stays before anything happens; a
/// person with a current or coming assignment is refused until the assignments are ended, since an erased board
/// member would leave the board's permissions and history in pieces. The audit entry says that a person was
/// erased or minimised and by whom — never who: the log cannot be rewritten, so a name in it would outlive the
/// erasure.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class EraseModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record HeldLine(string TypeName, string UnitName, DateOnly StartsOn, DateOnly? EndsOn);

    public Guid PersonId { get; private set; }
    public string FullName { get; private set; } = "";
    public IReadOnlyList<HeldLine> CurrentAssignments { get; private set; } = [];
    public int PastAssignments { get; private set; }
    public int Memberships { get; private set; }
    public int Tags { get; private set; }
    public int CareSteps { get; private set; }
    public int CallEntries { get; private set; }
    public int CallNotes { get; private set; }
    public int Consents { get; private set; }
    public int Liaisons { get; private set; }
    public int LiaisonContacts { get; private set; }
    public bool HasAccount { get; private set; }
    public bool HasContactDetails { get; private set; }
    public DateOnly? MinimisedOn { get; private set; }
    /// <summary>The retention rule of the district the eraser works in, for the link at the foot of the page.</summary>
    public Guid? DistrictId { get; private set; }

    public bool Blocked => CurrentAssignments.Count > 0;
    /// <summary>Past assignments are the organisation's history: the person is kept by name, everything else goes.</summary>
    public bool Minimise => PastAssignments > 0;

    public async Task<IActionResult> OnGetAsync(Guid personId)
    {
        if (!await MayAsync(personId)) return Forbid();
        if (!await LoadAsync(personId)) return Forbid();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Person", personId.ToString(),
            "Visade vad en radering skulle ta bort", HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await MayAsync(personId)) return Forbid();
        var today = SwedishFormat.Today(clock);
        (int Erased, int Minimised) result;
        string summary;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await LoadAsync(personId)) return Forbid();
            if (Blocked)
            {
                await tx.RollbackAsync(ct);
                return Page();
            }
            summary = Minimise
                ? $"Minimerade en person på begäran: namn och {PastAssignments} tidigare uppdrag sparade; {Memberships} medlemskap, {Tags} taggar, {CareSteps} medlemsvårdssteg, {CallNotes} samtalsanteckningar och kontaktuppgifter borttagna{(HasAccount ? ", kontot raderat" : "")}"
                : $"Raderade en person på begäran: {Memberships} medlemskap, {Tags} taggar, {CareSteps} medlemsvårdssteg, {CallNotes} samtalsanteckningar borttagna{(HasAccount ? ", kontot raderat" : "")}";
            result = await PersonErasure.ApplyAsync(db, Minimise ? [] : [personId], Minimise ? [personId] : [], today, clock.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Delete, "Person", personId.ToString(), summary, ct);
        TempData["Message"] = result.Minimised > 0
            ? "Personen är minimerad: namnet och de tidigare uppdragen finns kvar, allt annat är borttaget."
            : "Personen är raderad.";
        // Back to the member list either way: a minimised person has no membership left, so the person page may no longer be open to the eraser.
        return Redirect("/medlemmar");
    }

    private async Task<bool> MayAsync(Guid personId)
    {
        var access = await accessResolver.GetAsync(HttpContext.RequestAborted);
        return await ErasureAccess.ReachesAsync(db, access, personId, HttpContext.RequestAborted);
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        var ct = HttpContext.RequestAborted;
        var today = SwedishFormat.Today(clock);
        var person = await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new
            {
                p.FirstName, p.LastName, p.MinimisedOn,
                Contact = p.Email != null || p.Phone != null || p.StreetAddress != null || p.PostalCode != null || p.City != null || p.MemberNumber != null || p.BirthDate != null,
                Memberships = p.Memberships.Count,
                Tags = p.Tags.Count,
            })
            .FirstOrDefaultAsync(ct);
        if (person is null) return false;
        PersonId = personId;
        FullName = $"{person.FirstName} {person.LastName}";
        MinimisedOn = person.MinimisedOn;
        HasContactDetails = person.Contact;
        Memberships = person.Memberships;
        Tags = person.Tags;
        var directory = await UnitDirectory.GetAsync(db, ct);
        DistrictId = ErasureAccess.Districts(await accessResolver.GetAsync(ct), directory).FirstOrDefault() is var d && d != Guid.Empty ? d : null;
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.PersonId == personId)
            .Select(a => new { Type = a.AssignmentType!.Name, a.UnitId, a.StartsOn, a.EndsOn }).ToListAsync(ct);
        CurrentAssignments = assignments.Where(a => a.EndsOn is null || a.EndsOn >= today).OrderBy(a => a.StartsOn)
            .Select(a => new HeldLine(a.Type, directory.Units.TryGetValue(a.UnitId, out var u) ? u.Name : "okänd enhet", a.StartsOn, a.EndsOn)).ToList();
        PastAssignments = assignments.Count - CurrentAssignments.Count;
        CareSteps = await db.Set<CareStep>().CountAsync(s => s.PersonId == personId, ct);
        CallEntries = await db.Set<CallListEntry>().CountAsync(e => e.PersonId == personId, ct);
        CallNotes = await db.Set<CallListEntry>().CountAsync(e => e.PersonId == personId && (e.Note != null || e.EngageIn != null), ct);
        Consents = await db.Set<Prospect>().CountAsync(x => x.PersonId == personId, ct);
        Liaisons = await db.Set<Liaison>().CountAsync(l => l.PersonId == personId, ct);
        LiaisonContacts = await db.Set<LiaisonContact>().CountAsync(c => c.LiaisonPersonId == personId, ct);
        HasAccount = await db.Users.AnyAsync(u => u.PersonId == personId, ct);
        return true;
    }
}
