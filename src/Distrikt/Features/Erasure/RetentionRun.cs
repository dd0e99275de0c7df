using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Erasure;

/// <summary>
/// What one run of the retention rule did, in counts only: staff see that the rule works without the record
/// itself keeping who was erased.
/// </summary>
public sealed class RetentionRun
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid DistrictId { get; set; }
    public DateTimeOffset RanAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>Former members deleted entirely.</summary>
    public int Erased { get; set; }
    /// <summary>Former members kept by name only, because they held assignments.</summary>
    public int Minimised { get; set; }
    /// <summary>Recruitment contacts erased because they did not join in time.</summary>
    public int ProspectsErased { get; set; }
    /// <summary>"schemalagd" or the name of whoever started it by hand.</summary>
    public required string StartedBy { get; set; }
}

public sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> b)
    {
        b.ToTable("retention_runs");
        b.Property(r => r.StartedBy).HasMaxLength(200);
        b.HasIndex(r => new { r.DistrictId, r.RanAt });
    }
}
