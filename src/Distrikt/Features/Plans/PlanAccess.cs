using Distrikt.Features.Assignments;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Plans;

/// <summary>
/// Who works a unit's operational plan: its board (anyone holding a board seat in the unit today), and staff who may
/// manage the unit. The plan is the board's working list, so the board reads it, imports it and marks progress; it
/// holds no one's personal data beyond the names of those responsible, so no strong sign-in is asked for.
/// </summary>
public static class PlanAccess
{
    public static async Task<bool> CanWorkAsync(DistriktDb db, Access access, Guid unitId, DateOnly today, CancellationToken ct)
    {
        if (access.Can(Permission.ManageUnits, unitId)) return true;
        if (access.PersonId is not { } personId) return false;
        return await db.Set<Assignment>().AnyAsync(a => a.PersonId == personId && a.UnitId == unitId && a.AssignmentType!.IsBoardSeat
            && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today), ct);
    }
}
