using Distrikt.Features.Plans.Import;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>A unit's operational plans, one per year, and where the adopted plan's document is read in.</summary>
[Authorize]
[RequestSizeLimit(PlanFileReader.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PlanFileReader.MaxBytes + 1024 * 1024)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, int Year, string Title, bool Confirmed, int Goals, int Done);

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public IReadOnlyList<Row> Plans { get; private set; } = [];
    public FieldErrors Errors { get; } = new();
    [BindProperty] public int? Year { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        Year ??= SwedishFormat.Today(clock).Year;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId, IFormFile? file)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        if (Year is not { } year) Errors.Add("Year", "Skriv vilket år planen gäller.");
        else if (PlanImport.CheckYear(year) is { } yearError) Errors.Add("Year", yearError);
        if (file is null || string.IsNullOrEmpty(file.FileName)) Errors.Add("file", "Välj filen med den antagna planen (Word, Markdown eller text).");
        else if (file.Length == 0) Errors.Add("file", $"Filen ”{Path.GetFileName(file.FileName)}” är tom.");
        else if (file.Length > PlanFileReader.MaxBytes)
            Errors.Add("file", $"Filen är {file.Length / (1024 * 1024)} MB; som mest {PlanFileReader.MaxBytes / (1024 * 1024)} MB.");
        if (Errors.Any) return Page();
        PlanFileResult read;
        await using (var stream = file!.OpenReadStream()) read = await PlanFileReader.ReadAsync(stream, file.FileName, ct);
        if (!read.Succeeded)
        {
            Errors.Add("file", read.Error);
            return Page();
        }
        var access = await accessResolver.GetAsync(ct);
        var (id, error) = await PlanImport.SaveDraftAsync(db, UnitId, Year!.Value, read.Plan, read.Report, file.FileName, access.PersonId, clock.GetUtcNow(), ct);
        if (error is not null)
        {
            Errors.Add("Year", error);
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Verksamhetsplan", id!.Value.ToString(),
            $"Läste in verksamhetsplanen {Year} för {UnitName} ({read.Report.Goals} mål) för granskning", ct);
        return Redirect($"/verksamhetsplan/{id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind == UnitKind.Federation) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (!await PlanAccess.CanWorkAsync(db, access, unitId, SwedishFormat.Today(clock), ct)) return Forbid();
        UnitId = unitId;
        UnitName = unit.Name;
        Plans = await db.Set<OperationalPlan>().AsNoTracking().Where(p => p.UnitId == unitId).OrderByDescending(p => p.Year)
            .Select(p => new Row(p.Id, p.Year, p.Title, p.ConfirmedAt != null, p.Goals.Count, p.Goals.Count(g => g.Status == GoalStatus.Done)))
            .ToListAsync(ct);
        return null;
    }
}
