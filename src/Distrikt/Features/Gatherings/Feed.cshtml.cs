using System.Text;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// The calendar files a calendar app subscribes to, reached without signing in: a person's private feed by its secret
/// token, and a district's public feed. A wrong or replaced token is simply not found.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class FeedModel(DistriktDb db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? token, Guid? districtId)
    {
        var ct = HttpContext.RequestAborted;
        var baseUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        var ics = districtId is { } d
            ? await CalendarFeeds.PublicAsync(db, d, baseUrl, clock.GetUtcNow(), ct)
            : await CalendarFeeds.PersonalAsync(db, token, baseUrl, clock.GetUtcNow(), ct);
        if (ics is null) return NotFound();
        Response.Headers.CacheControl = "private, max-age=900";
        return File(Encoding.UTF8.GetBytes(ics), Calendar.Ics.ContentType);
    }
}

/// <summary>The signed-in person's own calendar feed: make its secret address (replacing any earlier one) or turn it off.</summary>
[Authorize]
public sealed class FeedSettingsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public bool HasFeed { get; private set; }
    /// <summary>Shown once, right after it is made: only its hash is kept.</summary>
    public string? NewAddress { get; private set; }
    public Guid? DistrictId { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostRenewAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var personId = (await accessResolver.GetAsync(ct)).PersonId!.Value;
        var token = await CalendarFeeds.RenewAsync(db, personId, clock.GetUtcNow(), ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Kalenderflöde", personId.ToString(), "Skapade en ny adress till sitt kalenderflöde", ct);
        NewAddress = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/kalender/{token}";
        HasFeed = true;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var personId = (await accessResolver.GetAsync(ct)).PersonId!.Value;
        await CalendarFeeds.RevokeAsync(db, personId, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Kalenderflöde", personId.ToString(), "Stängde av sitt kalenderflöde", ct);
        return Redirect("/traffar/kalender");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        if (access.PersonId is not { } personId) return Forbid();
        HasFeed = await CalendarFeeds.ExistsAsync(db, personId, ct);
        var directory = await Units.UnitDirectory.GetAsync(db, ct);
        DistrictId = directory.Units.Values.Where(u => u.Kind == Units.UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefault();
        return null;
    }
}
