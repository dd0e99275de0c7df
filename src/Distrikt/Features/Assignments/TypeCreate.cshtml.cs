using Distrikt.Infrastructure.Web;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>Adds an assignment type a district needs beyond the standard ones, e.g. "Studieansvarig".</summary>
[RequirePermission(Permission.ManageAssignmentTypes)]
public sealed class TypeCreateModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public AssignmentTypeForm Form { get; set; } = new();
    public FieldErrors Errors { get; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await Form.ValidateAsync(db, typeId: null, clock, Errors, ct);
        if (Errors.Any) return Page();

        var type = new AssignmentType { Name = Form.Name! };
        Form.ApplyTo(type);
        db.Add(type);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another editor saved the same name a moment ago; the unique index caught it.
            db.ChangeTracker.Clear();
            Errors.Add(AssignmentTypeForm.NameField, $"Det finns redan en uppdragstyp som heter {Form.Name}. Välj ett annat namn.");
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Uppdragstyp", type.Id.ToString(),
            $"Uppdragstyp {type.Name} skapad. Ger: {AssignmentTypeForm.Grants(type.Permissions)}", ct);
        TempData["Message"] = $"Uppdragstypen {type.Name} är skapad.";
        return Redirect($"/uppdragstyper/{type.Id}");
    }
}
