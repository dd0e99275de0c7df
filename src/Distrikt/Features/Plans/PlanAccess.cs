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
    /// <summary>
    /// Of the units the person holds assignments in, those whose plan they work — in one query, for the start page,
    /// instead of asking <see cref="CanWorkAsync"/> unit by unit.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid UnitId, string UnitName)>> UnitsAsync(DistriktDb db, Access access, DateOnly today, CancellationToken ct)
    {
        var held = access.Assignments.Where(a => a.UnitKind != Units.UnitKind.Federation).DistinctBy(a => a.UnitId).ToList();
        if (held.Count == 0 || access.PersonId is not { } personId) return [];
        var ids = held.Select(a => a.UnitId).ToList();
        var boardUnits = await db.Set<Assignment>().Where(a => a.PersonId == personId && ids.Contains(a.UnitId) && a.AssignmentType!.IsBoardSeat
            && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)).Select(a => a.UnitId).Distinct().ToListAsync(ct);
        return held.Where(a => access.Can(Permission.ManageUnits, a.UnitId) || boardUnits.Contains(a.UnitId)).Select(a => (a.UnitId, a.UnitName)).ToList();
    }

    public static async Task<bool> CanWorkAsync(DistriktDb db, Access access, Guid unitId, DateOnly today, CancellationToken ct)
    {
        if (access.Can(Permission.ManageUnits, unitId)) return true;
        if (access.PersonId is not { } personId) return false;
        return await db.Set<Assignment>().AnyAsync(a => a.PersonId == personId && a.UnitId == unitId && a.AssignmentType!.IsBoardSeat
            && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today), ct);
    }
}
