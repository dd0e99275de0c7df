using Distrikt.Infrastructure.Web;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>
/// Edits a unit's name, its place in the tree and (for a partiförening) its municipalities. Two people editing
/// the same unit must not silently overwrite each other: the form carries the unit's Version, and a save is
/// refused when the unit changed in between, in this request's check or in the database's own.
/// </summary>
[RequirePermission(Permission.ManageUnits)]
public sealed class EditModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit) : PageModel
{
    public sealed record ParentOption(Guid Id, string Name);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public Guid? ParentId { get; set; }
    [BindProperty] public List<string> Municipalities { get; set; } = [];
    [BindProperty] public string? OtherCodes { get; set; }
    [BindProperty] public int Version { get; set; }

    public Guid UnitId { get; private set; }
    public string CurrentName { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public IReadOnlyList<ParentOption> ParentOptions { get; private set; } = [];
    public MunicipalityFields? MunicipalityFields { get; private set; }
    public FieldErrors Errors { get; } = new();
    /// <summary>After a refused concurrent edit: what the user had written, so it is not lost from sight.</summary>
    public IReadOnlyList<string> Unsaved { get; private set; } = [];

    /// <summary>The kind of unit a unit of <paramref name="kind"/> sits directly under.</summary>
    public static UnitKind? ParentKind(UnitKind kind) => kind switch
    {
        UnitKind.Association => UnitKind.District,
        UnitKind.District => UnitKind.Federation,
        _ => null,
    };

    public static string Noun(UnitKind kind) => kind switch
    {
        UnitKind.Association => "föreningen",
        UnitKind.District => "distriktet",
        _ => "förbundet",
    };

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadCurrentAsync(unitId)) return NotFound();
        await LoadOptionsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var unit = await db.Set<Unit>().Include(u => u.Municipalities).FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return NotFound();
        UnitId = unit.Id;
        CurrentName = unit.Name;
        Kind = unit.Kind;
        if (unit.Version != Version) return await ConflictAsync();

        var access = await accessResolver.GetAsync(ct);
        var name = Name?.Trim() ?? "";
        Name = name;
        UnitForm.CheckName(name, Errors);

        // The federation is the root; every other unit sits under a unit of the kind above it.
        Guid? newParentId = null;
        string? newParentName = null;
        if (ParentKind(unit.Kind) is { } parentKind)
        {
            if (ParentId is not { } chosenParent)
            {
                Errors.Add(UnitForm.ParentField, $"Välj vad {Noun(unit.Kind)} ingår i.");
            }
            else if (chosenParent != unit.ParentId)
            {
                var parents = await UnitTree.ParentsAsync(db, ct);
                var target = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == chosenParent).Select(u => new { u.Name, u.Kind }).FirstOrDefaultAsync(ct);
                if (UnitTree.WouldCreateCycle(parents, unit.Id, chosenParent))
                    Errors.Add(UnitForm.ParentField, $"{unit.Name} kan inte placeras under sig själv eller under en av sina egna underenheter.");
                else if (target is null)
                    Errors.Add(UnitForm.ParentField, "Den valda enheten finns inte längre.");
                else if (target.Kind != parentKind)
                    Errors.Add(UnitForm.ParentField, parentKind == UnitKind.District
                        ? "En partiförening måste ingå i ett distrikt."
                        : "Ett distrikt måste ingå i ett förbund.");
                else if (!access.Can(Permission.ManageUnits, chosenParent))
                    Errors.Add(UnitForm.ParentField, $"Du kan bara flytta {Noun(unit.Kind)} till en enhet där du själv får hantera föreningar. {target.Name} ingår inte i dina uppdrag.");
                else
                {
                    newParentId = chosenParent;
                    newParentName = target.Name;
                }
            }
            else newParentId = chosenParent;
        }

        var parentForNames = newParentId ?? unit.ParentId;
        if (name.Length > 0 && parentForNames is { } siblingsOf && await UnitForm.SiblingNamedAsync(db, siblingsOf, name, unit.Id, ct) is { } sibling)
            Errors.Add(UnitForm.NameField, $"Det finns redan en enhet som heter {sibling} på samma plats i trädet.");

        var chosen = ChosenMunicipalities.None;
        if (unit.Kind == UnitKind.Association)
        {
            chosen = MunicipalityCoverage.Parse(Municipalities, OtherCodes, Errors);
            if (chosen.Codes.Count == 0 && Errors[MunicipalityCoverage.ChoicesField] is null && Errors[MunicipalityCoverage.TypedField] is null)
                Errors.Add(MunicipalityCoverage.ChoicesField, "Välj minst en kommun som föreningen täcker.");
            await MunicipalityCoverage.CheckFreeAsync(db, chosen, unit.Id, Errors, ct);
        }
        if (Errors.Any)
        {
            await LoadOptionsAsync();
            return Page();
        }
        var codes = chosen.Codes;

        var changes = new List<string>();
        if (unit.Name != name) changes.Add($"namn från {unit.Name} till {name}");
        if (newParentName is not null) changes.Add($"flyttad till {newParentName}");
        var before = unit.Municipalities.Select(m => m.MunicipalityCode).ToHashSet(StringComparer.Ordinal);
        if (unit.Kind == UnitKind.Association && !before.SetEquals(codes))
            changes.Add($"kommuner {MunicipalityCoverage.Names(codes)} (förut {(before.Count == 0 ? "inga" : MunicipalityCoverage.Names(before))})");
        if (changes.Count == 0)
        {
            TempData["Message"] = "Inget ändrades.";
            return Done(access);
        }

        unit.Name = name;
        if (newParentId is { } parentId) unit.ParentId = parentId;
        if (unit.Kind == UnitKind.Association)
        {
            unit.Municipalities.RemoveAll(m => !codes.Contains(m.MunicipalityCode));
            foreach (var code in codes.Where(c => !before.Contains(c)))
                unit.Municipalities.Add(new UnitMunicipality { UnitId = unit.Id, MunicipalityCode = code });
        }
        // The update only matches the row if nobody saved since this form was loaded.
        db.Entry(unit).Property(u => u.Version).OriginalValue = Version;
        unit.Version = Version + 1;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync();
        }
        catch (DbUpdateException)
        {
            // A municipality was taken by someone else after the check above; nothing of this edit was saved.
            db.ChangeTracker.Clear();
            if (await MunicipalityCoverage.CheckFreeAsync(db, chosen, unit.Id, Errors, ct))
                Errors.Add(FieldErrors.Form, "Ändringarna kunde inte sparas. Försök igen.");
            Version = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Version).FirstOrDefaultAsync(ct);
            await LoadOptionsAsync();
            return Page();
        }

        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Enhet", unit.Id.ToString(),
            $"Ändrade {CurrentName}: {string.Join("; ", changes)}", ct);
        TempData["Message"] = $"Ändringarna i {name} är sparade.";
        return Done(access);
    }

    private IActionResult Done(Access access) =>
        access.Can(Permission.ViewPeople, UnitId) ? Redirect($"/enheter/{UnitId}") : Redirect("/enheter");

    /// <summary>Someone saved first: show what is stored now, and keep what this user wrote in view.</summary>
    private async Task<IActionResult> ConflictAsync()
    {
        var unsaved = new List<string>();
        if (!string.IsNullOrWhiteSpace(Name)) unsaved.Add($"Namn: {Name.Trim()}");
        var typed = Municipalities.Concat((OtherCodes ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (Kind == UnitKind.Association && typed.Count > 0) unsaved.Add($"Kommuner: {MunicipalityCoverage.Names(typed.Distinct())}");
        Unsaved = unsaved;
        db.ChangeTracker.Clear();
        ModelState.Clear();
        if (!await LoadCurrentAsync(UnitId)) return NotFound();
        Errors.Add(FieldErrors.Form, $"Någon annan har ändrat {Noun(Kind)} medan du redigerade. Här är de uppgifter som gäller nu – gör dina ändringar igen och spara.");
        await LoadOptionsAsync();
        return Page();
    }

    private async Task<bool> LoadCurrentAsync(Guid unitId)
    {
        var unit = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new { u.Id, u.Name, u.Kind, u.ParentId, u.Version, Codes = u.Municipalities.Select(m => m.MunicipalityCode).ToList() })
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (unit is null) return false;
        UnitId = unit.Id;
        CurrentName = unit.Name;
        Kind = unit.Kind;
        Name = unit.Name;
        ParentId = unit.ParentId;
        Version = unit.Version;
        Municipalities = unit.Codes;
        OtherCodes = null;
        return true;
    }

    private async Task LoadOptionsAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var current = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == UnitId).Select(u => u.ParentId).FirstOrDefaultAsync(ct);
        if (ParentKind(Kind) is { } parentKind)
        {
            var parents = await UnitTree.ParentsAsync(db, ct);
            var candidates = await db.Set<Unit>().AsNoTracking().Where(u => u.Kind == parentKind).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
            // Offered: where the editor may manage units, and the current parent (keeping it is not a move).
            ParentOptions = candidates
                .Where(c => c.Id == current || (access.Can(Permission.ManageUnits, c.Id) && !UnitTree.WouldCreateCycle(parents, UnitId, c.Id)))
                .OrderBy(c => c.Name, SwedishCollation.Comparer)
                .Select(c => new ParentOption(c.Id, c.Name)).ToList();
        }
        if (Kind == UnitKind.Association)
        {
            var districtId = ParentOptions.Any(o => o.Id == ParentId) ? ParentId : current;
            var districtName = ParentOptions.FirstOrDefault(o => o.Id == districtId)?.Name ?? "";
            var selected = Municipalities.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
            MunicipalityFields = new(await MunicipalityCoverage.ChoicesAsync(db, districtId ?? Guid.Empty, districtName, UnitId, selected, ct), OtherCodes, Errors);
        }
    }
}
