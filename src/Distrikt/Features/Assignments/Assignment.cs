using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Assignments;

/// <summary>
/// A kind of assignment (uppdrag) such as ordförande or ombudsman. Types are data, edited by district staff;
/// each describes the work (arbetsordning, Markdown) and the permissions it grants in its unit and below.
/// </summary>
public sealed class AssignmentType
{
    public Guid Id { get; set; } = NewId.V7();
    public required string Name { get; set; }
    /// <summary>A stable key for types the product itself refers to (e.g. "ombudsman"); null for types districts add.</summary>
    public string? Key { get; set; }
    public string Description { get; set; } = "";
    public Permission Permissions { get; set; }
    /// <summary>Which kind of unit the type is held in; null means any.</summary>
    public UnitKind? UnitKind { get; set; }
    /// <summary>Board members and deputies: the people who sit on a board (ledamot/ersättare) and so count as board representation.</summary>
    public bool IsBoardSeat { get; set; }
    public int Version { get; set; }
}

/// <summary>A person holds an assignment type in a unit from a start date to an optional end date (inclusive).</summary>
public sealed class Assignment
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public Guid UnitId { get; set; }
    public Unit? Unit { get; set; }
    public Guid AssignmentTypeId { get; set; }
    public AssignmentType? AssignmentType { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    public bool IsCurrentOn(DateOnly day) => StartsOn <= day && (EndsOn is null || EndsOn >= day);
}

public sealed class AssignmentTypeConfiguration : IEntityTypeConfiguration<AssignmentType>
{
    public void Configure(EntityTypeBuilder<AssignmentType> b)
    {
        b.ToTable("assignment_types");
        b.Property(t => t.Name).HasMaxLength(120).UseSwedishCollation();
        b.Property(t => t.Key).HasMaxLength(60);
        b.Property(t => t.Description).HasMaxLength(20000);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => t.Name).IsUnique();
        b.HasIndex(t => t.Key).IsUnique();
    }
}

public sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> b)
    {
        b.ToTable("assignments", t => t.HasCheckConstraint("ck_assignments_dates", "\"EndsOn\" IS NULL OR \"EndsOn\" >= \"StartsOn\""));
        b.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.AssignmentType).WithMany().HasForeignKey(a => a.AssignmentTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.PersonId, a.StartsOn });
        b.HasIndex(a => new { a.UnitId, a.AssignmentTypeId });
    }
}
