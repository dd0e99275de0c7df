using Distrikt.Features.Care;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Recruitment;

/// <summary>
/// Recording a contact met at a stall or in a campaign, quickly and one after the other on a phone. Anyone holding a
/// current assignment in the district may record (the volunteers at the stall); recording shows nothing about anyone
/// else, so it needs neither the right to see people nor a strong sign-in. Seeing the queue does.
/// </summary>
[Authorize]
public sealed class RecordModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public ProspectForm Form { get; set; } = new();
    public FieldErrors Errors { get; } = new();
    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public string ConsentText { get; private set; } = "";
    public int RetentionDays { get; private set; }
    public bool CanSeeQueue { get; private set; }
    /// <summary>How many were recorded in a row on this device (shown after each save).</summary>
    public int Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId, int sparade = 0)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        Saved = sparade;
        Form.ConsentGivenOn = SwedishFormat.Today(clock);
        if (Request.Query.TryGetValue("kalla", out var source) && Enum.TryParse<ProspectSource>(source, out var s) && Enum.IsDefined(s)) Form.Source = s;
        if (Request.Query.TryGetValue("var", out var note)) Form.SourceNote = note.ToString();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId, int sparade = 0)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var input = Form.Validate(Errors, SwedishFormat.Today(clock), staff: true, RetentionDays);
        Saved = sparade;
        if (input is null) return Page();
        var directory = await UnitDirectory.GetAsync(db, ct);
        var districtId = directory.DistrictOf(unitId) ?? unitId;
        // Met at Uppsala's stall but living in Knivsta: Knivsta's association is the one to call.
        var placed = input.MunicipalityCode is null ? unitId : await Prospects.PlaceAsync(db, districtId, input.MunicipalityCode, ct);
        if (placed == districtId && unitId != districtId) placed = unitId;
        var access = await accessResolver.GetAsync(ct);
        var (result, prospectId) = await Prospects.RecordAsync(db, input, placed, ConsentText, access.PersonId, anonymous: false, ct);
        if (prospectId is { } id)
        {
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Rekryteringskontakt", id.ToString(),
                result == RecordResult.Renewed ? "Samtycke förnyat för en befintlig kontakt" : $"Ny kontakt i rekryteringskön för {directory.Units[placed].Name}", ct);
        }
        // The same answer whether the person was new, known or already a member: see Prospects.RecordAsync.
        return Redirect($"/enheter/{unitId}/rekrytering/ny?sparade={sparade + 1}&kalla={Form.Source}&var={Uri.EscapeDataString(Form.SourceNote ?? "")}");
    }

    private async Task<IActionResult?> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind == UnitKind.Federation) return NotFound();
        var districtId = directory.DistrictOf(unitId);
        var access = await accessResolver.GetAsync(ct);
        var holdsAssignmentInDistrict = districtId is { } d && access.HoldsAssignmentWithin(d);
        if (!holdsAssignmentInDistrict) return Forbid();
        UnitId = unitId;
        UnitName = unit.Name;
        RetentionDays = (await CareQueues.SettingsAsync(db, districtId!.Value, ct)).ProspectRetentionDays;
        ConsentText = Prospects.ConsentText(directory.Units[districtId.Value].Name, RetentionDays);
        CanSeeQueue = access.Can(Permission.ViewPeople, unitId);
        return null;
    }
}
