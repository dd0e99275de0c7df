using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Members;

/// <summary>
/// The menu's way into the member list. Most people see the people of one unit (their association, or the
/// whole district for its staff) and go straight there; someone with the right in two places chooses.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class ChooseModel(DistriktDb db, AccessResolver accessResolver) : PageModel
{
    public IReadOnlyList<UnitInfo> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var held = access.UnitsWith(Permission.ViewPeople).Where(directory.Units.ContainsKey).ToHashSet();
        // A unit below another one the person already sees adds nothing: the broader list holds it.
        Units = held.Where(u => !held.Any(other => other != u && UnitTree.IsWithin(directory.Parents, u, other)))
            .Select(u => directory.Units[u])
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, SwedishCollation.Comparer)
            .ToList();
        if (Units.Count == 0) return Forbid();
        if (Units.Count == 1) return Redirect($"/enheter/{Units[0].Id}/medlemmar");
        return Page();
    }
}
