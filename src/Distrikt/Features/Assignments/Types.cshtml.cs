using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// Every assignment type and what it grants. Open to every signed-in person: knowing what a chair or an
/// ombudsman may do is part of trusting them with one's data, and the list holds no personal data.
/// </summary>
public sealed class TypesModel(DistriktDb db, AccessResolver accessResolver) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Where, bool IsBoardSeat, IReadOnlyList<string> Grants);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = (await accessResolver.GetAsync(ct)).CanAnywhere(Permission.ManageAssignmentTypes);
        var types = await db.Set<AssignmentType>().AsNoTracking().ToListAsync(ct);
        Rows = types
            .OrderBy(t => t.Name, SwedishCollation.Comparer)
            .Select(t => new Row(t.Id, t.Name, AssignmentTypeForm.KindLabel(t.UnitKind), t.IsBoardSeat,
                Permissions.All.Where(p => t.Permissions.HasFlag(p.Permission)).Select(p => p.Label).ToList()))
            .ToList();
    }
}
