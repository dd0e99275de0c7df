using Distrikt.Features.Care;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Recruitment;

/// <summary>
/// The public interest form: someone who wants to hear from the party leaves a name, a way to reach them and their
/// consent, and lands in the "to recruit" queue of the association for their postal code. Open to anyone, so it
/// reveals nothing (the thank-you is the same whether the person was known or not), is rate-limited per address,
/// and has a field only robots fill in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(DistriktApp.PublicFormRateLimit)]
public sealed class InterestModel(DistriktDb db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record MunicipalityChoice(string Code, string Name);

    [BindProperty] public ProspectForm Form { get; set; } = new();
    /// <summary>Hidden from people (and from screen readers); a filled-in value means a robot posted the form.</summary>
    [BindProperty(Name = "webbplats")] public string? Trap { get; set; }

    public FieldErrors Errors { get; } = new();
    public string DistrictName { get; private set; } = "";
    public IReadOnlyList<MunicipalityChoice> Municipalities { get; private set; } = [];
    public int RetentionDays { get; private set; }
    public string ConsentText { get; private set; } = "";
    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool tack = false)
    {
        if (!await LoadAsync()) return NotFound();
        Sent = tack;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var ct = HttpContext.RequestAborted;
        if (!string.IsNullOrEmpty(Trap)) return RedirectToPage(new { tack = true });
        var today = SwedishFormat.Today(clock);
        var input = Form.Validate(Errors, today, staff: false, RetentionDays);
        if (input is null) return Page();
        var district = await DistrictForAsync(input.MunicipalityCode, ct);
        var unitId = await Prospects.PlaceAsync(db, district.Id, input.MunicipalityCode, ct);
        var consent = Prospects.ConsentText(district.Name, (await CareQueues.SettingsAsync(db, district.Id, ct)).ProspectRetentionDays);
        var (result, prospectId) = await Prospects.RecordAsync(db, input, unitId, consent, null, anonymous: true, ct);
        if (prospectId is { } id)
        {
            // The entry says that a contact came in through the form, and where it went — not who.
            await audit.RecordAsync(new AuditActor(null, "intresseanmälan", HttpContext.Connection.RemoteIpAddress?.ToString()), AuditAction.Change, "Rekryteringskontakt", id.ToString(),
                result == RecordResult.Renewed ? "Samtycke förnyat via intresseanmälan" : "Ny kontakt via intresseanmälan", ct);
        }
        return RedirectToPage(new { tack = true });
    }

    private List<UnitInfo> _districts = [];

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        _districts = directory.Units.Values.Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).ToList();
        if (_districts.Count == 0) return false;
        DistrictName = _districts.Count == 1 ? _districts[0].Name : "Vänsterpartiet";
        RetentionDays = (await CareQueues.SettingsAsync(db, _districts[0].Id, ct)).ProspectRetentionDays;
        ConsentText = Prospects.ConsentText(DistrictName, RetentionDays);
        var covered = await db.Set<UnitMunicipality>().Select(m => m.MunicipalityCode).Distinct().ToListAsync(ct);
        Municipalities = covered.Select(c => SwedishGeography.FindMunicipality(c)).OfType<Municipality>()
            .OrderBy(m => m.Name, SwedishCollation.Comparer).Select(m => new MunicipalityChoice(m.Code, m.Name)).ToList();
        return true;
    }

    /// <summary>The district whose association covers the municipality; the first district when none does.</summary>
    private async Task<UnitInfo> DistrictForAsync(string? municipalityCode, CancellationToken ct)
    {
        if (_districts.Count == 1 || municipalityCode is null) return _districts[0];
        var directory = await UnitDirectory.GetAsync(db, ct);
        var unitId = await db.Set<UnitMunicipality>().Where(m => m.MunicipalityCode == municipalityCode).Select(m => (Guid?)m.UnitId).FirstOrDefaultAsync(ct);
        return _districts.FirstOrDefault(d => unitId is { } u && UnitTree.IsWithin(directory.Parents, u, d.Id)) ?? _districts[0];
    }
}
