using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Distrikt.Infrastructure.Database;

namespace Distrikt.Infrastructure.Audit;

/// <summary>Who is acting, as the audit log records it.</summary>
public sealed record AuditActor(Guid? UserId, string? Name, string? IpAddress);

/// <summary>
/// Appends to the hash-chained audit log. Appends are serialised: within one process by a lock, and across
/// several app nodes on PostgreSQL by a transaction-scoped advisory lock, so two entries never claim the same
/// predecessor.
/// </summary>
public sealed class AuditLog(DistriktDb db, TimeProvider clock)
{
    private static readonly SemaphoreSlim AppendLock = new(1, 1);
    private const long AdvisoryLockKey = 0x44_69_73_74_72_41_75; // "DistrAu"
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public async Task RecordAsync(AuditActor actor, AuditAction action, string subjectType, string? subjectId, string summary, CancellationToken ct = default)
    {
        await AppendLock.WaitAsync(ct);
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
                }
                var last = await db.AuditLog.AsNoTracking()
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash })
                    .FirstOrDefaultAsync(ct);
                var entry = new AuditEntry
                {
                    Sequence = (last?.Sequence ?? 0) + 1,
                    // Kept to the millisecond, a precision both databases store exactly, so the hash computed now
                    // equals the one recomputed after a round trip.
                    At = TruncateToMilliseconds(clock.GetUtcNow()),
                    ActorUserId = actor.UserId,
                    ActorName = Truncate(actor.Name, 200),
                    Action = action,
                    SubjectType = subjectType,
                    SubjectId = subjectId,
                    Summary = Truncate(summary, 1000)!,
                    IpAddress = actor.IpAddress,
                    PreviousHash = last?.Hash ?? GenesisHash,
                    Hash = "",
                };
                entry.Hash = ComputeHash(entry);
                db.AuditLog.Add(entry);
                await db.SaveChangesAsync(ct);
                db.Entry(entry).State = EntityState.Detached;
                if (tx is not null) await tx.CommitAsync(ct);
            });
        }
        finally
        {
            AppendLock.Release();
        }
    }

    public static string ComputeHash(AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            e.ActorUserId?.ToString() ?? "",
            e.ActorName ?? "",
            ((int)e.Action).ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.SubjectType,
            e.SubjectId ?? "",
            e.Summary,
            e.IpAddress ?? "",
            e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

/// <summary>The result of walking the chain: where it first breaks, if anywhere.</summary>
public sealed record AuditVerification(long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(DistriktDb db, CancellationToken ct = default)
    {
        var previousHash = AuditLog.GenesisHash;
        long expected = 1, count = 0;
        await foreach (var e in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.Sequence != expected)
                return new(count, expected, $"Post {expected} saknas (nästa post är {e.Sequence}).");
            if (e.PreviousHash != previousHash)
                return new(count, e.Sequence, $"Post {e.Sequence} pekar inte på föregående posts kontrollsumma.");
            if (AuditLog.ComputeHash(e) != e.Hash)
                return new(count, e.Sequence, $"Post {e.Sequence} har ändrats efter att den skrevs.");
            previousHash = e.Hash;
            expected++;
        }
        return new(count, null, null);
    }
}
