using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// Ends an assignment on a chosen date. The end date is the last day the assignment counts, so its
/// permissions go the day after — an ended role gives nothing. The assignment must belong to the unit in the
/// address: the permission was checked there, and an id from another unit must not slip past that check.
/// </summary>
[RequirePermission(Permission.ManageAssignments)]
public sealed class EndModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string EndsField = "ends-on";

    [BindProperty] public string? EndsOn { get; set; }

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public string PersonName { get; private set; } = "";
    public string TypeName { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly? CurrentEnd { get; private set; }
    public bool AlreadyEnded { get; private set; }
    public string? Yesterday { get; private set; }
    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid unitId, Guid assignmentId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, assignmentId)) return NotFound();
        var today = SwedishFormat.Today(clock);
        EndsOn = SwedishFormat.Date(today < StartsOn ? StartsOn : today);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Uppdrag", assignmentId.ToString(),
            $"Visade uppdraget {TypeName} i {UnitName} för {PersonName} inför avslut", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId, Guid assignmentId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, assignmentId)) return NotFound();
        if (AlreadyEnded) return Page();
        var ends = DateInput.Read(EndsOn, EndsField, "slutdatum", required: true, Errors);
        if (ends is { } e && e < StartsOn) Errors.Add(EndsField, DateInput.EndBeforeStart);
        if (Errors.Any || ends is null) return Page();

        // A set-based update: no read-modify-write window in which another edit of the same row could be lost.
        var updated = await db.Set<Assignment>()
            .Where(a => a.Id == assignmentId && a.UnitId == unitId && a.StartsOn <= ends)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndsOn, ends), ct);
        if (updated == 0)
        {
            // Removed or changed since the page was loaded: show what is true now rather than fail.
            if (!await LoadAsync(unitId, assignmentId)) return NotFound();
            Errors.Add(EndsField, DateInput.EndBeforeStart);
            return Page();
        }

        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Uppdrag", assignmentId.ToString(),
            $"Uppdrag: {TypeName} i {UnitName} för {PersonName} avslutas {SwedishFormat.Date(ends.Value)}"
            + (CurrentEnd is { } before ? $" (förut {SwedishFormat.Date(before)})" : ""), ct);
        TempData["Message"] = $"Uppdraget som {TypeName.ToLower(SwedishFormat.Culture)} för {PersonName} gäller till och med {SwedishFormat.Date(ends.Value)}.";
        var access = await accessResolver.GetAsync(ct);
        return access.Can(Permission.ViewPeople, unitId) ? Redirect($"/enheter/{unitId}") : Redirect("/enheter");
    }

    private async Task<bool> LoadAsync(Guid unitId, Guid assignmentId)
    {
        var a = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.Id == assignmentId && a.UnitId == unitId)
            .Select(a => new { a.UnitId, UnitName = a.Unit!.Name, Person = a.Person!.FirstName + " " + a.Person.LastName, Type = a.AssignmentType!.Name, a.StartsOn, a.EndsOn })
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (a is null) return false;
        var today = SwedishFormat.Today(clock);
        UnitId = a.UnitId;
        UnitName = a.UnitName;
        PersonName = a.Person;
        TypeName = a.Type;
        StartsOn = a.StartsOn;
        CurrentEnd = a.EndsOn;
        AlreadyEnded = a.EndsOn < today;
        // Yesterday is only offered when the assignment had begun by then; an end before the start is refused.
        Yesterday = today.AddDays(-1) >= a.StartsOn ? SwedishFormat.Date(today.AddDays(-1)) : null;
        return true;
    }
}
