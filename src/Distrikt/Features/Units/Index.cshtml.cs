using Distrikt.Features.People;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>
/// The unit tree: förbund → distrikt → partiföreningar, with each association's municipalities and member
/// counts. Counts and names of units are not personal data, so every signed-in person may see the tree; the
/// links into a unit (where names are shown) appear only where the viewer may follow them.
/// </summary>
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, TimeProvider clock) : PageModel
{
    public sealed record Node(Guid Id, string Name, UnitKind Kind, string Municipalities, int Members,
        bool CanOpen, bool CanEdit, string? NewChildLabel, IReadOnlyList<Node> Children);

    public IReadOnlyList<Node> Roots { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var today = SwedishFormat.Today(clock);
        var units = await db.Set<Unit>().AsNoTracking()
            .Select(u => new { u.Id, u.Name, u.Kind, u.ParentId, Codes = u.Municipalities.Select(m => m.MunicipalityCode).ToList() })
            .ToListAsync(ct);
        var members = await MembershipQueries.CurrentCountsByUnitAsync(db, null, today, ct);
        var byId = units.ToDictionary(u => u.Id);
        var children = units.ToLookup(u => u.ParentId);

        Node Build(Guid id)
        {
            var u = byId[id];
            var kids = children[u.Id].OrderBy(c => c.Name, SwedishCollation.Comparer).Select(c => Build(c.Id)).ToList();
            // A district's count is its associations' members together (plus any held directly by the district).
            var count = members.GetValueOrDefault(u.Id) + kids.Sum(k => k.Members);
            var newChild = !access.Can(Permission.ManageUnits, u.Id) ? null : u.Kind switch
            {
                UnitKind.Federation => "Nytt distrikt",
                UnitKind.District => "Ny partiförening",
                _ => null,
            };
            return new Node(u.Id, u.Name, u.Kind, MunicipalityCoverage.Names(u.Codes), count,
                access.Can(Permission.ViewPeople, u.Id), access.Can(Permission.ManageUnits, u.Id), newChild, kids);
        }

        // Roots are units without a parent; a unit whose parent is missing would otherwise vanish, so it is a root too.
        Roots = units.Where(u => u.ParentId is not { } p || !byId.ContainsKey(p))
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, SwedishCollation.Comparer)
            .Select(u => Build(u.Id)).ToList();
    }
}
