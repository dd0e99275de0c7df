using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.RegisterImport;

/// <summary>
/// What applying an uploaded export would change, before anything is written; the column mapping can be
/// adjusted here. Applying plans again against the database as it is at that moment and writes every accepted
/// row in one transaction.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class PreviewModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>How many rows of each kind the page lists; the counts are always complete.</summary>
    public const int Listed = 50;
    public const int RejectedListed = 500;

    public Guid UnitId { get; private set; }
    public Guid UploadId { get; private set; }
    public string DistrictName { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public ImportPlan? Plan { get; private set; }
    public string? Refusal { get; private set; }
    public UnitDirectorySnapshot Directory { get; private set; } = null!;
    public FieldErrors Errors { get; } = new();

    [BindProperty] public Dictionary<string, string> Columns { get; set; } = [];
    [BindProperty] public bool SaveColumns { get; set; } = true;
    [BindProperty] public bool ConfirmEndings { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId, Guid uploadId)
    {
        var upload = await LoadAsync(unitId, uploadId);
        if (upload is null) return NotFound();
        await PrepareAsync(upload);
        await RecordViewAsync(upload);
        return Page();
    }

    /// <summary>Another column mapping for this file: kept with the upload and the preview computed again.</summary>
    public async Task<IActionResult> OnPostColumnsAsync(Guid unitId, Guid uploadId)
    {
        var upload = await LoadAsync(unitId, uploadId);
        if (upload is null) return NotFound();
        var known = RegisterColumns.All.Select(f => f.Key).ToHashSet();
        var chosen = Columns.Where(kv => known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value ?? "");
        await db.Set<RegisterUpload>().Where(u => u.Id == uploadId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Columns, new RegisterColumns(chosen).ToJson()), HttpContext.RequestAborted);
        return RedirectToPage(new { unitId, uploadId });
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid unitId, Guid uploadId)
    {
        var ct = HttpContext.RequestAborted;
        var upload = await LoadAsync(unitId, uploadId);
        if (upload is null) return NotFound();
        await PrepareAsync(upload);
        if (Plan is { NeedsEndConfirmation: true } && Refusal is null && !ConfirmEndings)
            Errors.Add("confirm-endings", $"Bekräfta att {SwedishFormat.Number(Plan.Ended.Count)} medlemskap ska avslutas, eller ladda upp en fullständig export.");
        if (Plan is null || Refusal is not null || Errors.Any)
        {
            await RecordViewAsync(upload);
            return Page();
        }
        var actor = await HttpContext.AuditActorAsync(accessResolver);
        var outcome = await RegisterImporter.ApplyAsync(db, audit, actor, Plan, upload.FileName, upload.Content, SaveColumns, clock, ct);
        await db.Set<RegisterUpload>().Where(u => u.Id == uploadId).ExecuteDeleteAsync(ct);
        TempData["Done"] = $"Importen är genomförd: {SwedishFormat.Number(outcome.Added)} nya, {SwedishFormat.Number(outcome.Changed)} med ändrade uppgifter, "
            + $"{SwedishFormat.Number(outcome.Rejoined)} återkomna och {SwedishFormat.Number(outcome.Ended)} avslutade medlemskap"
            + (outcome.Rejected > 0 ? $"; {SwedishFormat.Number(outcome.Rejected)} rader avvisades och skrevs inte." : ".")
            + (outcome.ProspectsJoined switch
            {
                0 => "",
                1 => " En kontakt från rekryteringskön har blivit medlem.",
                var n => $" {SwedishFormat.Number(n)} kontakter från rekryteringskön har blivit medlemmar.",
            });
        return RedirectToPage("Upload", new { unitId });
    }

    public async Task<IActionResult> OnPostDiscardAsync(Guid unitId, Guid uploadId)
    {
        if (await LoadAsync(unitId, uploadId) is null) return NotFound();
        await db.Set<RegisterUpload>().Where(u => u.Id == uploadId).ExecuteDeleteAsync(HttpContext.RequestAborted);
        return RedirectToPage("Upload", new { unitId });
    }

    /// <summary>An upload belongs to the person who made it and the district it was made for; anyone else gets 404.</summary>
    private async Task<RegisterUpload?> LoadAsync(Guid unitId, Guid uploadId)
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return null;
        var cutoff = clock.GetUtcNow() - UploadModel.UploadLifetime;
        var upload = await db.Set<RegisterUpload>().AsNoTracking()
            .FirstOrDefaultAsync(u => u.Id == uploadId && u.DistrictId == unitId && u.UserId == access.UserId && u.UploadedAt >= cutoff, ct);
        if (upload is null) return null;
        UnitId = unitId;
        UploadId = uploadId;
        DistrictName = unit.Name;
        FileName = upload.FileName;
        Directory = directory;
        return upload;
    }

    private async Task PrepareAsync(RegisterUpload upload)
    {
        var ct = HttpContext.RequestAborted;
        var prepared = await RegisterImporter.PrepareAsync(db, upload.DistrictId, upload.Content, RegisterColumns.FromJson(upload.Columns), SwedishFormat.Today(clock), ct);
        Plan = prepared.Plan;
        Refusal = prepared.Refusal;
    }

    /// <summary>The preview names new, changed and ending members: a view of personal data like any list, logged when shown.</summary>
    private async Task RecordViewAsync(RegisterUpload upload)
    {
        if (Plan is null || Refusal is not null) return;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Medlemsimport", upload.Id.ToString(),
            $"Förhandsgranskning av medlemsimport: {Plan.Rows} rader, {Plan.Added.Count} nya, {Plan.Changed.Count} ändrade, {Plan.Ended.Count} avslutade", HttpContext.RequestAborted);
    }
}
