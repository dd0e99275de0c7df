using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Infrastructure.Audit;

public enum AuditAction
{
    View = 0,
    Export = 1,
    Create = 2,
    Change = 3,
    Delete = 4,
    SignIn = 5,
    SignOut = 6,
}

/// <summary>
/// One line of the append-only audit log. Each entry carries the hash of the previous one, so changing or
/// removing any entry breaks the chain from there on, and <c>audit verify</c> names the first broken link.
/// The summary names what was touched (e.g. "Uppdrag: Ordförande i Vänsterpartiet Tierp"), never contact details.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public AuditAction Action { get; set; }
    public required string SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public required string Summary { get; set; }
    public string? IpAddress { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.SubjectType).HasMaxLength(60);
        b.Property(e => e.SubjectId).HasMaxLength(60);
        b.Property(e => e.Summary).HasMaxLength(1000);
        b.Property(e => e.IpAddress).HasMaxLength(45);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.SubjectType, e.SubjectId });
        b.HasIndex(e => e.ActorUserId);
    }
}
