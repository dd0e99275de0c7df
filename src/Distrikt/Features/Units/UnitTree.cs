using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>Reads of the unit tree shared by permissions and pages. The tree is small (hundreds of units), so it is read whole.</summary>
public static class UnitTree
{
    public static async Task<Dictionary<Guid, Guid?>> ParentsAsync(DistriktDb db, CancellationToken ct = default) =>
        await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);

    /// <summary>True when making <paramref name="newParentId"/> the parent of <paramref name="unitId"/> would make the unit its own ancestor.</summary>
    public static bool WouldCreateCycle(IReadOnlyDictionary<Guid, Guid?> parents, Guid unitId, Guid? newParentId)
    {
        var current = newParentId;
        var guard = 0;
        while (current is { } id && guard++ < 1000)
        {
            if (id == unitId) return true;
            current = parents.GetValueOrDefault(id);
        }
        return false;
    }

    /// <summary>True when <paramref name="unitId"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public static bool IsWithin(IReadOnlyDictionary<Guid, Guid?> parents, Guid unitId, Guid ancestorId)
    {
        Guid? current = unitId;
        var guard = 0;
        while (current is { } id && guard++ < 1000)
        {
            if (id == ancestorId) return true;
            current = parents.GetValueOrDefault(id);
        }
        return false;
    }

    public static string KindLabel(UnitKind kind) => kind switch
    {
        UnitKind.Federation => "Förbund",
        UnitKind.District => "Distrikt",
        UnitKind.Association => "Partiförening",
        _ => kind.ToString(),
    };
}
