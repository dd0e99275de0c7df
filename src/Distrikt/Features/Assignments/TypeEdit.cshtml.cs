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
/// Edits an assignment type. What it grants changes at once for everyone holding it, so the change is
/// audit-logged with the old and new permissions, and a concurrent edit is refused rather than overwritten.
/// </summary>
[RequirePermission(Permission.ManageAssignmentTypes)]
public sealed class TypeEditModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public AssignmentTypeForm Form { get; set; } = new();
    public Guid TypeId { get; private set; }
    public string CurrentName { get; private set; } = "";
    public FieldErrors Errors { get; } = new();
    public bool Conflict { get; private set; }
    /// <summary>After a refused concurrent edit: the text this user wrote, so it can be copied back.</summary>
    public string? UnsavedDescription { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var type = await db.Set<AssignmentType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, HttpContext.RequestAborted);
        if (type is null) return NotFound();
        TypeId = type.Id;
        CurrentName = type.Name;
        Form = AssignmentTypeForm.From(type);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var type = await db.Set<AssignmentType>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (type is null) return NotFound();
        TypeId = type.Id;
        CurrentName = type.Name;
        if (type.Version != Form.Version) return await ConflictAsync(id);

        await Form.ValidateAsync(db, id, clock, Errors, ct);
        if (Errors.Any) return Page();

        var changes = new List<string>();
        if (type.Name != Form.Name) changes.Add($"namn från {type.Name} till {Form.Name}");
        if (type.Permissions != Form.Granted)
            changes.Add($"ger nu: {AssignmentTypeForm.Grants(Form.Granted)} (förut: {AssignmentTypeForm.Grants(type.Permissions)})");
        if (type.Description != Form.Description) changes.Add("arbetsordningen ändrad");
        if (type.UnitKind != Form.Kind) changes.Add($"var: {AssignmentTypeForm.KindLabel(Form.Kind).ToLower(SwedishFormat.Culture)}");
        if (type.IsBoardSeat != Form.IsBoardSeat) changes.Add(Form.IsBoardSeat ? "räknas som styrelseplats" : "räknas inte som styrelseplats");
        if (changes.Count == 0)
        {
            TempData["Message"] = "Inget ändrades.";
            return Redirect($"/uppdragstyper/{id}");
        }

        Form.ApplyTo(type);
        db.Entry(type).Property(t => t.Version).OriginalValue = Form.Version;
        type.Version = Form.Version + 1;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            Errors.Add(AssignmentTypeForm.NameField, $"Det finns redan en uppdragstyp som heter {Form.Name}. Välj ett annat namn.");
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Uppdragstyp", id.ToString(),
            $"Uppdragstyp {CurrentName} ändrad: {string.Join("; ", changes)}", ct);
        TempData["Message"] = $"Ändringarna i {Form.Name} är sparade.";
        return Redirect($"/uppdragstyper/{id}");
    }

    private async Task<IActionResult> ConflictAsync(Guid id)
    {
        var written = Form.Description?.Trim();
        db.ChangeTracker.Clear();
        ModelState.Clear();
        var current = await db.Set<AssignmentType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, HttpContext.RequestAborted);
        if (current is null) return NotFound();
        CurrentName = current.Name;
        if (!string.IsNullOrEmpty(written) && written != current.Description.Trim()) UnsavedDescription = written;
        Form = AssignmentTypeForm.From(current);
        Conflict = true;
        Errors.Add(FieldErrors.Form, "Någon annan har ändrat uppdragstypen medan du redigerade. Här är de uppgifter som gäller nu – gör dina ändringar igen och spara.");
        return Page();
    }
}
