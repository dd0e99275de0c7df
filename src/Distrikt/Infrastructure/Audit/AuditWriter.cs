using System.Threading.Channels;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Infrastructure.Audit;

/// <summary>
/// Appends audit entries to the chain with group commit: one writer takes every entry waiting at that moment
/// and appends them in one transaction, then tells each caller it is stored.
/// </summary>
/// <remarks>
/// The chain forces appends into one order, so they cannot run side by side. Done one per request, every page
/// view that names people waited in line for a transaction of its own (lock, read the chain head, insert,
/// commit and flush to disk); with many readers the line, not the work, set the page's latency. Batched, the
/// lock, the head read and the flush are paid once per batch. Callers still wait until their entry is
/// committed, so a page is never shown without its entry stored. Across app nodes on PostgreSQL each batch
/// takes a transaction-scoped advisory lock, so two nodes never claim the same predecessor.
/// </remarks>
public sealed class AuditWriter(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private const long AdvisoryLockKey = 0x44_69_73_74_72_41_75; // "DistrAu"
    private const int MaxBatch = 500;
    // Several writers in one process (tests run more than one app) must still not interleave on one database.
    private static readonly SemaphoreSlim ProcessLock = new(1, 1);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Stored);

    /// <summary>Queues the entry and completes when it is committed (or fails with the reason it could not be).</summary>
    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_startLock) _loop ??= Task.Run(RunAsync, CancellationToken.None);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(AuditWriter));
        // A caller that stops waiting does not withdraw the entry: what it records has already happened.
        return pending.Stored.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await WriteAsync(batch);
                foreach (var p in batch) p.Stored.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var p in batch) p.Stored.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        await ProcessLock.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync();
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})");
                }
                var last = await db.AuditLog.AsNoTracking()
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash })
                    .FirstOrDefaultAsync();
                var sequence = last?.Sequence ?? 0;
                var previousHash = last?.Hash ?? AuditLog.GenesisHash;
                foreach (var p in batch)
                {
                    var e = p.Entry;
                    e.Sequence = ++sequence;
                    e.PreviousHash = previousHash;
                    e.Hash = AuditLog.ComputeHash(e);
                    previousHash = e.Hash;
                    db.AuditLog.Add(e);
                }
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            });
            db.ChangeTracker.Clear();
        }
        finally
        {
            ProcessLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_startLock) loop = _loop;
        if (loop is null) return;
        try { await loop.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* shutting down: entries still queued were never awaited by anyone */ }
    }
}
