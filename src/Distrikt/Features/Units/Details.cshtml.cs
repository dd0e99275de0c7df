using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>
/// One unit: its place in the tree, its municipalities and child units, and who holds which assignment there —
/// current, coming and ended. Who holds an assignment reveals their membership and so their political opinion,
/// which is why the whole page needs the right to see people in the unit, and why each visit is audit-logged.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class DetailsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Ended assignments pile up over the years; the page shows the latest ones.</summary>
    public const int EndedShown = 50;

    public sealed record Row(Guid Id, string PersonName, string TypeName, DateOnly StartsOn, DateOnly? EndsOn);
    public sealed record Child(Guid Id, string Name, UnitKind Kind, int Members);

    public Guid UnitId { get; private set; }
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public Guid? ParentId { get; private set; }
    public string? ParentName { get; private set; }
    public bool CanOpenParent { get; private set; }
    public IReadOnlyList<string> Municipalities { get; private set; } = [];
    public int Members { get; private set; }
    public IReadOnlyList<Child> Children { get; private set; } = [];
    public IReadOnlyList<Row> Current { get; private set; } = [];
    public IReadOnlyList<Row> Future { get; private set; } = [];
    public IReadOnlyList<Row> Ended { get; private set; } = [];
    public int EndedTotal { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanAppoint { get; private set; }
    /// <summary>The register's export is imported per district, by whoever manages its members.</summary>
    public bool CanImportMembers { get; private set; }
    /// <summary>Change people here: make call lists (and, in a district, run the retention rule).</summary>
    public bool CanManagePeople { get; private set; }
    public string? NewChildLabel { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var unit = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new { u.Id, u.Name, u.Kind, u.ParentId, ParentName = u.Parent != null ? u.Parent.Name : null, Codes = u.Municipalities.Select(m => m.MunicipalityCode).ToList() })
            .FirstOrDefaultAsync(ct);
        if (unit is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        var today = SwedishFormat.Today(clock);

        UnitId = unit.Id;
        Name = unit.Name;
        Kind = unit.Kind;
        ParentId = unit.ParentId;
        ParentName = unit.ParentName;
        CanOpenParent = unit.ParentId is { } parentId && access.Can(Permission.ViewPeople, parentId);
        Municipalities = unit.Codes.Select(MunicipalityCoverage.Name).Order(SwedishCollation.Comparer).ToList();
        CanEdit = access.Can(Permission.ManageUnits, unitId);
        CanManagePeople = access.Can(Permission.ManagePeople, unitId);
        CanImportMembers = unit.Kind == UnitKind.District && CanManagePeople;
        CanAppoint = access.Can(Permission.ManageAssignments, unitId);
        NewChildLabel = !CanEdit ? null : unit.Kind switch
        {
            UnitKind.Federation => "Nytt distrikt",
            UnitKind.District => "Ny partiförening",
            _ => null,
        };

        var parents = await UnitTree.ParentsAsync(db, ct);
        var subtree = parents.Keys.Where(id => UnitTree.IsWithin(parents, id, unitId)).ToList();
        var members = await MembershipQueries.CurrentCountsByUnitAsync(db, subtree, today, ct);
        Members = members.Values.Sum();
        var children = await db.Set<Unit>().AsNoTracking().Where(u => u.ParentId == unitId)
            .Select(u => new { u.Id, u.Name, u.Kind }).ToListAsync(ct);
        Children = children
            .Select(c => new Child(c.Id, c.Name, c.Kind, members.Where(m => UnitTree.IsWithin(parents, m.Key, c.Id)).Sum(m => m.Value)))
            .OrderBy(c => c.Name, SwedishCollation.Comparer).ToList();

        var rows = await AssignmentQueries.ForUnit(db, unitId)
            .Select(a => new Row(a.Id, a.Person!.FirstName + " " + a.Person.LastName, a.AssignmentType!.Name, a.StartsOn, a.EndsOn))
            .ToListAsync(ct);
        Current = rows.Where(r => r.StartsOn <= today && (r.EndsOn is null || r.EndsOn >= today)).ToList();
        Future = rows.Where(r => r.StartsOn > today).OrderBy(r => r.StartsOn).ToList();
        var ended = rows.Where(r => r.EndsOn < today).OrderByDescending(r => r.EndsOn).ToList();
        EndedTotal = ended.Count;
        Ended = ended.Take(EndedShown).ToList();

        var shown = Current.Count + Future.Count + Ended.Count;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Enhet", unitId.ToString(),
            $"Visade uppdragen i {unit.Name} ({shown} st)", ct);
        return Page();
    }
}
