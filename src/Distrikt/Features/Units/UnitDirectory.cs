using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Distrikt.Features.Assignments;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Distrikt.Features.Units;

public sealed record UnitInfo(Guid Id, Guid? ParentId, string Name, UnitKind Kind, DateTimeOffset CreatedAt);

/// <summary>The unit tree and the assignment types' names as one read: what permissions and overviews consult on every request.</summary>
public sealed class UnitDirectorySnapshot
{
    public required IReadOnlyDictionary<Guid, UnitInfo> Units { get; init; }
    public required IReadOnlyDictionary<Guid, Guid?> Parents { get; init; }
    /// <summary>Names of the types that have a product key (ordförande, kassör, …), by key.</summary>
    public required IReadOnlyDictionary<string, string> TypeNamesByKey { get; init; }

    public IEnumerable<UnitInfo> Subtree(Guid top) => Units.Values.Where(u => UnitTree.IsWithin(Parents, u.Id, top));

    /// <summary>The district a unit lies in (the unit itself for a district); null for the federation or an unknown id.</summary>
    public Guid? DistrictOf(Guid unitId)
    {
        Guid? current = unitId;
        var guard = 0;
        while (current is { } id && guard++ < 1000 && Units.TryGetValue(id, out var unit))
        {
            if (unit.Kind == UnitKind.District) return id;
            current = unit.ParentId;
        }
        return null;
    }
}

/// <summary>
/// Keeps the unit tree and the assignment types in memory between requests. They are read on every request
/// (permissions walk the tree) but change a few times a year. A change saved through this process clears the
/// copy at once (<see cref="UnitDirectoryInvalidation"/>); a change made by another app node is seen within
/// <see cref="Lifetime"/>. Keyed by connection string, so two databases in one process never mix.
/// </summary>
public static class UnitDirectory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private sealed record Entry(UnitDirectorySnapshot Snapshot, long ReadAt, int Generation);
    private static readonly ConcurrentDictionary<string, Entry> Entries = new();
    private static int _generation;

    public static async Task<UnitDirectorySnapshot> GetAsync(DistriktDb db, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        var generation = Volatile.Read(ref _generation);
        if (Entries.TryGetValue(key, out var entry) && entry.Generation == generation
            && Environment.TickCount64 - entry.ReadAt < Lifetime.TotalMilliseconds)
        {
            return entry.Snapshot;
        }
        // Read on this request's context; concurrent requests that find the same stale entry each read once,
        // which for a table of a few hundred rows is cheaper than making them wait on each other.
        var snapshot = await ReadAsync(db, ct);
        // Not stored when a change was saved while reading: the copy might predate it.
        if (Volatile.Read(ref _generation) == generation)
        {
            Entries[key] = new Entry(snapshot, Environment.TickCount64, generation);
        }
        return snapshot;
    }

    /// <summary>Forgets every copy; the next request reads the tables again.</summary>
    public static void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        Entries.Clear();
    }

    private static async Task<UnitDirectorySnapshot> ReadAsync(DistriktDb db, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking()
            .Select(u => new UnitInfo(u.Id, u.ParentId, u.Name, u.Kind, u.CreatedAt))
            .ToDictionaryAsync(u => u.Id, ct);
        var types = await db.Set<AssignmentType>().AsNoTracking().Where(t => t.Key != null)
            .Select(t => new { t.Key, t.Name }).ToListAsync(ct);
        return new UnitDirectorySnapshot
        {
            Units = units,
            Parents = units.Values.ToDictionary(u => u.Id, u => u.ParentId),
            TypeNamesByKey = types.ToDictionary(t => t.Key!, t => t.Name),
        };
    }
}

/// <summary>Clears <see cref="UnitDirectory"/> after a save (and its transaction's commit) that changed a unit or an assignment type.</summary>
public sealed class UnitDirectoryInvalidation : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Touched = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is null) return;
        if (context.ChangeTracker.Entries().Any(e => e.Entity is Unit or UnitMunicipality or AssignmentType
                && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            Touched.AddOrUpdate(context, true);
        }
    }

    private static void Saved(DbContext? context)
    {
        if (context is null || !Touched.TryGetValue(context, out _)) return;
        UnitDirectory.Invalidate();
        // Inside an explicit transaction the change is not visible to others until the commit; clear again then.
        if (context.Database.CurrentTransaction is null) Touched.Remove(context);
    }

    private static void Committed(DbContext? context)
    {
        if (context is null || !Touched.TryGetValue(context, out _)) return;
        Touched.Remove(context);
        UnitDirectory.Invalidate();
    }
}
