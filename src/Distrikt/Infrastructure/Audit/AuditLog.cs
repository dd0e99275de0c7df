using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Distrikt.Infrastructure.Database;

namespace Distrikt.Infrastructure.Audit;

/// <summary>Who is acting, as the audit log records it.</summary>
public sealed record AuditActor(Guid? UserId, string? Name, string? IpAddress);

/// <summary>
/// Records an entry in the hash-chained audit log. The call returns once the entry is committed; the writing
/// itself is done by <see cref="AuditWriter"/>, which appends the entries of concurrent requests together.
/// </summary>
public sealed class AuditLog(AuditWriter writer, TimeProvider clock)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public Task RecordAsync(AuditActor actor, AuditAction action, string subjectType, string? subjectId, string summary, CancellationToken ct = default) =>
        writer.AppendAsync(new AuditEntry
        {
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
            PreviousHash = "",
            Hash = "",
        }, ct);

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

    internal static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
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
