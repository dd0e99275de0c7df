using System.Security.Cryptography;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.RegisterImport;

/// <summary>
/// Where district staff hand Distrikt the latest export of the party's member register. Uploading writes nothing
/// but the file itself; the preview that follows shows what applying it would change.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
[RequestSizeLimit(RegisterFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = RegisterFile.MaxBytes + 1024 * 1024)]
public sealed class UploadModel(DistriktDb db, AccessResolver accessResolver, TimeProvider clock) : PageModel
{
    public const string FileField = "file";
    /// <summary>An upload nobody applied is removed after this long: it holds the whole register.</summary>
    public static readonly TimeSpan UploadLifetime = TimeSpan.FromDays(1);

    public Guid UnitId { get; private set; }
    public string DistrictName { get; private set; } = "";
    public IReadOnlyList<MemberImport> History { get; private set; } = [];
    public int WaitingForPlacement { get; private set; }
    public FieldErrors Errors { get; } = new();
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        return await PageWithHistoryAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId, IFormFile? file)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId)) return NotFound();
        if (file is null || file.Length == 0)
        {
            Errors.Add(FileField, "Välj filen med medlemsregistrets export (CSV eller .xlsx).");
            return await PageWithHistoryAsync();
        }
        if (file.Length > RegisterFile.MaxBytes)
        {
            Errors.Add(FileField, $"Filen är {file.Length / (1024 * 1024)} MB; den största fil som tas emot är {RegisterFile.MaxBytes / (1024 * 1024)} MB.");
            return await PageWithHistoryAsync();
        }
        byte[] content;
        await using (var stream = file.OpenReadStream())
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await stream.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        // The content decides whether the file can be read; the preview names the first problem.
        var access = await accessResolver.GetAsync(ct);
        var cutoff = clock.GetUtcNow() - UploadLifetime;
        await db.Set<RegisterUpload>().Where(u => u.UploadedAt < cutoff || (u.UserId == access.UserId && u.DistrictId == unitId)).ExecuteDeleteAsync(ct);
        var upload = new RegisterUpload
        {
            DistrictId = unitId,
            UserId = access.UserId!.Value,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? (name.Length > 255 ? name[..255] : name) : "export",
            Content = content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedAt = clock.GetUtcNow(),
        };
        db.Add(upload);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("Preview", new { unitId, uploadId = upload.Id });
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var directory = await UnitDirectory.GetAsync(db, HttpContext.RequestAborted);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return false;
        UnitId = unitId;
        DistrictName = unit.Name;
        return true;
    }

    /// <summary>The page as shown: with the earlier imports and the placement queue, read only when the page is rendered.</summary>
    private async Task<PageResult> PageWithHistoryAsync()
    {
        var ct = HttpContext.RequestAborted;
        History = await db.Set<MemberImport>().AsNoTracking().Where(i => i.DistrictId == UnitId)
            .OrderByDescending(i => i.AppliedAt).Take(20).ToListAsync(ct);
        var today = SwedishFormat.Today(clock);
        WaitingForPlacement = await db.Set<Membership>().AsNoTracking().Where(MembershipQueries.CurrentOn(today)).CountAsync(m => m.UnitId == UnitId, ct);
        return Page();
    }
}
