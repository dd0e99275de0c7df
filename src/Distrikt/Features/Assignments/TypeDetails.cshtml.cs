using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// One assignment type with its arbetsordning. The text is Markdown written by staff and rendered through the
/// sanitiser, so whatever was pasted into it cannot run in a reader's browser.
/// </summary>
public sealed class TypeDetailsModel(DistriktDb db, AccessResolver accessResolver) : PageModel
{
    public AssignmentType Type { get; private set; } = null!;
    public IReadOnlyList<string> Grants { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var type = await db.Set<AssignmentType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (type is null) return NotFound();
        Type = type;
        Grants = Permissions.All.Where(p => type.Permissions.HasFlag(p.Permission)).Select(p => p.Label).ToList();
        CanManage = (await accessResolver.GetAsync(ct)).CanAnywhere(Permission.ManageAssignmentTypes);
        return Page();
    }
}
