using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Recruitment;

/// <summary>
/// The way in for someone at a stall: the unit to record for is the one of their assignment, so with one
/// association they go straight to the form; with several (or a district seat) they pick one.
/// </summary>
[Authorize]
public sealed class StartModel(DistriktDb db, AccessResolver accessResolver) : PageModel
{
    public sealed record UnitChoice(Guid Id, string Name);

    public List<UnitChoice> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var held = access.Assignments.Select(a => a.UnitId).Where(directory.Units.ContainsKey).Distinct().ToList();
        // A district seat may record for any association in the district.
        Units = held.SelectMany(id => directory.Units[id].Kind == UnitKind.District ? directory.Subtree(id) : [directory.Units[id]])
            .Where(u => u.Kind is UnitKind.Association or UnitKind.District)
            .DistinctBy(u => u.Id)
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, SwedishCollation.Comparer)
            .Select(u => new UnitChoice(u.Id, u.Name)).ToList();
        if (Units.Count == 0) return Forbid();
        if (Units.Count == 1) return Redirect($"/enheter/{Units[0].Id}/rekrytering/ny");
        return Page();
    }
}
