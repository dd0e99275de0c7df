using Distrikt.Infrastructure.Database;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.RegisterImport;

/// <summary>One applied import of the central register's member export: what it changed, from which file, by whom.</summary>
public sealed class MemberImport
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid DistrictId { get; set; }
    public Unit? District { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
    /// <summary>The day the export describes: memberships missing from it ended the day before.</summary>
    public DateOnly ImportedOn { get; set; }
    public required string FileName { get; set; }
    public required string FileSha256 { get; set; }
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public int Rows { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Ended { get; set; }
    public int Rejoined { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int Unplaced { get; set; }
}

/// <summary>The column mapping a district saved for its register's export: which header holds which field.</summary>
public sealed class MemberImportMapping
{
    public Guid DistrictId { get; set; }
    /// <summary>JSON: field key → header text as it appears in the file.</summary>
    public required string Columns { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class MemberImportConfiguration : IEntityTypeConfiguration<MemberImport>
{
    public void Configure(EntityTypeBuilder<MemberImport> b)
    {
        b.ToTable("member_imports");
        b.Property(i => i.FileName).HasMaxLength(255);
        b.Property(i => i.FileSha256).HasMaxLength(64);
        b.Property(i => i.ByName).HasMaxLength(200);
        b.HasOne(i => i.District).WithMany().HasForeignKey(i => i.DistrictId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.DistrictId, i.AppliedAt });
    }
}

public sealed class MemberImportMappingConfiguration : IEntityTypeConfiguration<MemberImportMapping>
{
    public void Configure(EntityTypeBuilder<MemberImportMapping> b)
    {
        b.ToTable("member_import_mappings");
        b.HasKey(m => m.DistrictId);
        b.Property(m => m.Columns).HasMaxLength(4000);
        b.HasOne<Unit>().WithMany().HasForeignKey(m => m.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// An uploaded export waiting for its preview to be applied. Kept in the database, not on one node's disk, so
/// the preview and the apply may be served by different app nodes; removed when applied or after a day.
/// </summary>
public sealed class RegisterUpload
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid DistrictId { get; set; }
    public Guid UserId { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>The column mapping this preview uses (JSON, as <see cref="MemberImportMapping.Columns"/>); null means detected from the headers.</summary>
    public string? Columns { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public sealed class RegisterUploadConfiguration : IEntityTypeConfiguration<RegisterUpload>
{
    public void Configure(EntityTypeBuilder<RegisterUpload> b)
    {
        b.ToTable("register_uploads");
        b.Property(u => u.FileName).HasMaxLength(255);
        b.Property(u => u.Sha256).HasMaxLength(64);
        b.Property(u => u.Columns).HasMaxLength(4000);
        b.HasOne<Unit>().WithMany().HasForeignKey(u => u.DistrictId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => u.UploadedAt);
    }
}
