using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>The childcare list to print for the childminders: per session, each child's age, the parent to fetch, and needs.</summary>
[Authorize]
public sealed class ChildcareListModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit) : PageModel
{
    public sealed record Child(string Parent, string? Phone, int Age, string? Needs);

    public Gathering Gathering { get; private set; } = null!;
    public IReadOnlyList<(Childcare.SessionPlan Plan, IReadOnlyList<Child> Children)> Sessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (GatheringAccess.ManageRefusal(access, g.UnitId, Request) is { } refusal) return refusal;
        Gathering = g;
        var registrations = await db.Set<Registration>().AsNoTracking()
            .Where(r => r.GatheringId == id && r.Status == RegistrationStatus.Confirmed && r.Children.Any())
            .Include(r => r.Children).Include(r => r.Sessions).Include(r => r.Person).AsSplitQuery().ToListAsync(ct);
        Sessions = Childcare.Plan(g, registrations).Select(p => (p, (IReadOnlyList<Child>)registrations
                .Where(r => r.Sessions.Count == 0 || r.Sessions.Any(s => s.SessionId == p.Session.Id))
                .SelectMany(r => r.Children.OrderBy(c => c.Order).Select(c => new Child(r.Person!.FullName, r.Person.Phone, c.Age, r.ChildcareNeeds)))
                .OrderBy(c => c.Age).ThenBy(c => c.Parent, SwedishCollation.Comparer).ToList()))
            .ToList();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Barnpassningslista", id.ToString(),
            $"Visade barnpassningslistan för ”{g.Title}”: {registrations.Sum(r => r.Children.Count)} barn", ct);
        return Page();
    }
}
