using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Audit;

/// <summary>
/// The audit log for district staff and auditors. The log spans the whole installation, so reading it needs
/// the permission in a district or above — an association's auditor does not see the district's log.
/// </summary>
[RequirePermission(Permission.ViewAuditLog)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, Infrastructure.Audit.AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(AuditAction Value, string Label)> ActionLabels =
    [
        (AuditAction.View, "Visning"),
        (AuditAction.Export, "Export"),
        (AuditAction.Create, "Skapande"),
        (AuditAction.Change, "Ändring"),
        (AuditAction.Delete, "Borttagning"),
        (AuditAction.SignIn, "Inloggning"),
        (AuditAction.SignOut, "Utloggning"),
    ];

    public static string Label(AuditAction a) => ActionLabels.FirstOrDefault(x => x.Value == a).Label ?? a.ToString();

    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public AuditVerification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await MayReadWholeLogAsync()) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        if (!await MayReadWholeLogAsync()) return Forbid();
        Verification = await AuditVerifier.VerifyAsync(db, HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    private async Task<bool> MayReadWholeLogAsync()
    {
        var access = await accessResolver.GetAsync(HttpContext.RequestAborted);
        var units = access.UnitsWith(Permission.ViewAuditLog).ToList();
        return await db.Set<Unit>().AnyAsync(u => units.Contains(u.Id) && u.Kind != UnitKind.Association, HttpContext.RequestAborted);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var query = db.AuditLog.AsNoTracking();
        if (Action is { } action) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var q = Query.Trim();
            query = query.Where(e => e.Summary.Contains(q) || (e.ActorName != null && e.ActorName.Contains(q)));
        }
        if (From is { } from) query = query.Where(e => e.At >= StartOf(from));
        if (To is { } to) query = query.Where(e => e.At < StartOf(to.AddDays(1)));
        if (Before is { } before) query = query.Where(e => e.Sequence < before);
        var rows = await query.OrderByDescending(e => e.Sequence).Take(PageSize + 1).ToListAsync(ct);
        NextBefore = rows.Count > PageSize ? rows[PageSize - 1].Sequence : null;
        Entries = rows.Take(PageSize).ToList();
        // Reading the log shows who did what: that too is a read of personal data.
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Granskningslogg", null,
            $"Granskningsloggen visad ({Entries.Count} poster)", ct);
    }

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, SwedishFormat.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public string PageUrl(long before)
    {
        var parts = new List<string> { $"before={before}" };
        if (Action is { } a) parts.Add($"action={a}");
        if (!string.IsNullOrWhiteSpace(Query)) parts.Add($"q={Uri.EscapeDataString(Query)}");
        if (From is { } f) parts.Add($"from={SwedishFormat.Date(f)}");
        if (To is { } t) parts.Add($"to={SwedishFormat.Date(t)}");
        return "/granskningslogg?" + string.Join('&', parts);
    }
}
