using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// The district board's overview of faddersystemet: every association with its liaisons, contact person, last
/// contact and next due, the ones nobody looks after first. The board reads it (a seat grants no permission, so
/// <see cref="LiaisonViewer"/> checks); whoever may appoint in the district also assigns liaisons here.
/// </summary>
[Authorize]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public Guid? PersonId { get; set; }
    [BindProperty] public Guid? AssociationId { get; set; }
    [BindProperty] public string? RhythmDays { get; set; }

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public LiaisonViewer Viewer { get; private set; } = new(false, false, false, false);
    public IReadOnlyList<AssociationLiaisonStatus> Associations { get; private set; } = [];
    public IReadOnlyList<BoardCandidate> Board { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (await LoadAsync(unitId) is { } refused) return refused;
        RhythmDays ??= LiaisonRules.DefaultRhythmDays.ToString(SwedishFormat.Culture);
        await ShowAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(unitId) is { } refused) return refused;
        if (!Viewer.ManagesAssignments) return Forbid();
        var assigned = await LiaisonCommands.AssignAsync(db, unitId, PersonId, AssociationId, RhythmDays, Today, Errors, ct);
        if (assigned is null)
        {
            await ShowAsync();
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Fadder", assigned.Liaison.Id.ToString(),
            $"Fadder: {assigned.PersonName} för {assigned.AssociationName}, {LiaisonRules.Rhythm(assigned.Liaison.RhythmDays)}, från {SwedishFormat.Date(Today)}", ct);
        TempData["Message"] = $"{assigned.PersonName} är fadder för {assigned.AssociationName}.";
        return Redirect($"/enheter/{unitId}/faddrar");
    }

    private async Task<IActionResult?> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return NotFound();
        Today = SwedishFormat.Today(clock);
        Viewer = await LiaisonViewer.ForAsync(db, await accessResolver.GetAsync(ct), unitId, null, Today, ct);
        if (Viewer.Refusal(Request) is { } refused) return refused;
        UnitId = unitId;
        UnitName = unit.Name;
        return null;
    }

    private async Task ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        Associations = LiaisonOverview.InBoardOrder(await LiaisonOverview.ReadAsync(db, UnitId, Today, ct));
        if (Viewer.ManagesAssignments) Board = await LiaisonCommands.BoardAsync(db, UnitId, Today, ct);
        // Names of liaisons, contact persons and whoever made the last contacts: each reveals a party role.
        var names = Associations.SelectMany(a => a.Liaisons.Select(l => l.PersonId)).Concat(Associations.Where(a => a.ContactPersonId != null).Select(a => a.ContactPersonId!.Value))
            .Distinct().Count() + Board.Count;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Faddersystem", UnitId.ToString(),
            $"Visade faddersystemet i {UnitName}: {Associations.Count} föreningar, namn på {names} personer", ct);
    }
}
