using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Units;

/// <summary>The levels of the organisation. Federation sits above districts so one installation can later hold several.</summary>
public enum UnitKind
{
    Federation = 0,
    District = 1,
    Association = 2,
}

/// <summary>A node in the unit tree: the federation, a district (distrikt) or a local association (partiförening).</summary>
public sealed class Unit
{
    public Guid Id { get; set; } = NewId.V7();
    public UnitKind Kind { get; set; }
    public required string Name { get; set; }
    public Guid? ParentId { get; set; }
    public Unit? Parent { get; set; }
    public List<Unit> Children { get; set; } = [];

    /// <summary>The municipalities (SCB kommunkod) an association covers; members are placed by them.</summary>
    public List<UnitMunicipality> Municipalities { get; set; } = [];

    /// <summary>Incremented on every edit; a second concurrent edit of the same unit is refused, not silently lost.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public sealed class UnitMunicipality
{
    public Guid UnitId { get; set; }
    public required string MunicipalityCode { get; set; }
}

public sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.ToTable("units");
        b.Property(u => u.Name).HasMaxLength(200).UseSwedishCollation();
        b.Property(u => u.Version).IsConcurrencyToken();
        b.HasOne(u => u.Parent).WithMany(u => u.Children).HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(u => u.Municipalities).WithOne().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => u.ParentId);
    }
}

public sealed class UnitMunicipalityConfiguration : IEntityTypeConfiguration<UnitMunicipality>
{
    public void Configure(EntityTypeBuilder<UnitMunicipality> b)
    {
        b.ToTable("unit_municipalities");
        b.HasKey(m => new { m.UnitId, m.MunicipalityCode });
        b.Property(m => m.MunicipalityCode).HasMaxLength(4);
        // A municipality belongs to at most one association, so placing a member is never ambiguous.
        b.HasIndex(m => m.MunicipalityCode).IsUnique();
    }
}
