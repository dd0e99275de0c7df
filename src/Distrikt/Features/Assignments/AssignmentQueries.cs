using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

public static class AssignmentQueries
{
    /// <summary>Assignments held in a unit, sorted by type and then the holder's name in Swedish order.</summary>
    public static IQueryable<Assignment> ForUnit(DistriktDb db, Guid unitId) =>
        db.Set<Assignment>().AsNoTracking()
            .Where(a => a.UnitId == unitId)
            .OrderBy(a => a.AssignmentType!.Name)
            .ThenBy(a => a.Person!.LastName)
            .ThenBy(a => a.Person!.FirstName);
}
