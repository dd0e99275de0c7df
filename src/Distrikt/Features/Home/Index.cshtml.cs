using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Home;

/// <summary>
/// The start page. Anonymous visitors see the district's public face; a signed-in person sees what their
/// current assignments make relevant: an overview per unit where they hold a board or staff assignment, and
/// their own membership.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public bool SignedIn { get; private set; }
    public string? DistrictName { get; private set; }
    public IReadOnlyList<string> AssociationNames { get; private set; } = [];
    public string? FirstName { get; private set; }
    public IReadOnlyList<HeldAssignment> Assignments { get; private set; } = [];
    public List<UnitOverview> Overviews { get; } = [];
    public IReadOnlyList<StartPage.MyMembership> Memberships { get; private set; } = [];
    /// <summary>Faddersystemet for someone on a district board: their associations and the board's open items.</summary>
    public Distrikt.Features.Liaisons.LiaisonStartCard? Liaisons { get; private set; }
    public IReadOnlyList<Distrikt.Features.Gatherings.MyRegistration> Registrations { get; private set; } = [];
    /// <summary>The open goals of the operational plan one answers for, next dated activity first.</summary>
    public IReadOnlyList<Distrikt.Features.Plans.MyGoal> Goals { get; private set; } = [];
    /// <summary>Units whose plan the person works (a board seat there, or staff): the way in to the plan.</summary>
    public IReadOnlyList<(Guid UnitId, string UnitName)> PlanUnits { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        SignedIn = access.UserId is not null;
        if (!SignedIn)
        {
            var directory = await UnitDirectory.GetAsync(db, ct);
            DistrictName = directory.Units.Values.Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => u.Name).FirstOrDefault();
            AssociationNames = directory.Units.Values.Where(u => u.Kind == UnitKind.Association).Select(u => u.Name).Order(SwedishCollation.Comparer).ToList();
            return;
        }
        var today = SwedishFormat.Today(clock);
        Assignments = access.Assignments;
        if (access.PersonId is { } personId)
        {
            FirstName = access.FirstName;
            Memberships = await StartPage.MembershipsAsync(db, personId, today, ct);
        }
        Liaisons = await Distrikt.Features.Liaisons.LiaisonStart.ReadAsync(db, access, today, ct);
        Registrations = await Distrikt.Features.Gatherings.GatheringStart.MineAsync(db, access, clock.GetUtcNow(), ct);
        Goals = await Distrikt.Features.Plans.GoalFollowUp.MineAsync(db, access.PersonId, ct);
        PlanUnits = await Distrikt.Features.Plans.PlanAccess.UnitsAsync(db, access, today, ct);
        // One overview per unit where the person holds a board seat or a permission, broadest units first.
        var units = access.Assignments
            .Where(a => a.Permissions != Permission.None || a.TypeKey is Distrikt.Features.Assignments.StandardAssignmentTypes.BoardMember or Distrikt.Features.Assignments.StandardAssignmentTypes.Deputy)
            .OrderBy(a => a.UnitKind).Select(a => a.UnitId).Distinct().ToList();
        var namesShown = 0;
        foreach (var unitId in units)
        {
            var showNames = access.Can(Permission.ViewPeople, unitId);
            var overview = await StartPage.OverviewAsync(db, unitId, showNames, today, ct);
            Overviews.Add(overview);
            if (showNames) namesShown += overview.Associations.Count(a => a.Chair is not null) + overview.Expiring.Count;
        }
        if (namesShown > 0)
        {
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Startsida", null,
                $"Startsidan visade namn på {namesShown} uppdragstagare", ct);
        }
    }
}
