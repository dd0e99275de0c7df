using Distrikt.Infrastructure.Web;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>
/// Creates a unit under the unit in the address: a district under the federation, a partiförening under a
/// district. The kind follows from the parent, so the tree keeps its three levels. Needs the right to manage
/// units in the parent.
/// </summary>
[RequirePermission(Permission.ManageUnits)]
public sealed class CreateModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit) : PageModel
{
    public const int NameMaxLength = 200;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Municipalities { get; set; } = [];
    [BindProperty] public string? OtherCodes { get; set; }

    public Guid ParentId { get; private set; }
    public string ParentName { get; private set; } = "";
    /// <summary>Null when nothing can be created under the parent (a partiförening has no units below it).</summary>
    public UnitKind? Kind { get; private set; }
    public MunicipalityFields? MunicipalityFields { get; private set; }
    public FieldErrors Errors { get; } = new();

    /// <summary>The kind of unit that sits directly below a unit of <paramref name="parent"/>'s kind.</summary>
    public static UnitKind? ChildKind(UnitKind parent) => parent switch
    {
        UnitKind.Federation => UnitKind.District,
        UnitKind.District => UnitKind.Association,
        _ => null,
    };

    public static string NewLabel(UnitKind kind) => kind == UnitKind.District ? "Nytt distrikt" : "Ny partiförening";

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadParentAsync(unitId)) return NotFound();
        await LoadChoicesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadParentAsync(unitId)) return NotFound();
        if (Kind is not { } kind) return Page();

        var name = Name?.Trim() ?? "";
        Name = name;
        UnitForm.CheckName(name, Errors);
        if (name.Length > 0 && await UnitForm.SiblingNamedAsync(db, unitId, name, exceptUnitId: null, ct) is { } sibling)
            Errors.Add(UnitForm.NameField, $"Det finns redan en enhet som heter {sibling} i {ParentName}.");
        var chosen = ChosenMunicipalities.None;
        if (kind == UnitKind.Association)
        {
            chosen = MunicipalityCoverage.Parse(Municipalities, OtherCodes, Errors);
            if (chosen.Codes.Count == 0 && Errors[MunicipalityCoverage.ChoicesField] is null && Errors[MunicipalityCoverage.TypedField] is null)
                Errors.Add(MunicipalityCoverage.ChoicesField, "Välj minst en kommun som föreningen täcker.");
            await MunicipalityCoverage.CheckFreeAsync(db, chosen, exceptUnitId: null, Errors, ct);
        }
        if (Errors.Any)
        {
            await LoadChoicesAsync();
            return Page();
        }
        var codes = chosen.Codes;

        var unit = new Unit
        {
            Kind = kind,
            Name = name,
            ParentId = unitId,
            Municipalities = codes.Select(c => new UnitMunicipality { MunicipalityCode = c }).ToList(),
        };
        db.Add(unit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone took a municipality between the check above and the insert; the unique index refused it.
            db.ChangeTracker.Clear();
            if (await MunicipalityCoverage.CheckFreeAsync(db, chosen, exceptUnitId: null, Errors, ct))
                Errors.Add(FieldErrors.Form, "Föreningen kunde inte sparas. Försök igen.");
            await LoadChoicesAsync();
            return Page();
        }

        var what = kind == UnitKind.Association ? "Partiföreningen" : "Distriktet";
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Enhet", unit.Id.ToString(),
            codes.Count > 0
                ? $"{what} {name} skapad i {ParentName} (kommuner: {MunicipalityCoverage.Names(codes)})"
                : $"{what} {name} skapad i {ParentName}", ct);
        TempData["Message"] = $"{what} {name} är skapad.";
        var access = await accessResolver.GetAsync(ct);
        return access.Can(Permission.ViewPeople, unitId) ? Redirect($"/enheter/{unit.Id}") : Redirect("/enheter");
    }

    private async Task<bool> LoadParentAsync(Guid unitId)
    {
        var parent = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new { u.Id, u.Name, u.Kind }).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (parent is null) return false;
        ParentId = parent.Id;
        ParentName = parent.Name;
        Kind = ChildKind(parent.Kind);
        return true;
    }

    private async Task LoadChoicesAsync()
    {
        if (Kind != UnitKind.Association) return;
        var selected = Municipalities.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        MunicipalityFields = new(await MunicipalityCoverage.ChoicesAsync(db, ParentId, ParentName, unitId: null, selected, HttpContext.RequestAborted), OtherCodes, Errors);
    }
}
