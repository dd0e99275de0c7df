using Distrikt.Infrastructure.Database;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.People;

/// <summary>A person known to the district: a member, a former member, or someone holding an assignment.</summary>
public sealed class Person
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? PostalCode { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>The member number in the party's central register, when the person came from it.</summary>
    public string? MemberNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public List<Membership> Memberships { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>Membership of a person in an association, from a date to an optional end date.</summary>
public sealed class Membership
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public Guid UnitId { get; set; }
    public Unit? Unit { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
}

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.Property(p => p.FirstName).HasMaxLength(100).UseSwedishCollation();
        b.Property(p => p.LastName).HasMaxLength(100).UseSwedishCollation();
        b.Property(p => p.Email).HasMaxLength(254);
        b.Property(p => p.Phone).HasMaxLength(40);
        b.Property(p => p.PostalCode).HasMaxLength(5);
        b.Property(p => p.MunicipalityCode).HasMaxLength(4);
        b.Property(p => p.MemberNumber).HasMaxLength(20);
        b.Ignore(p => p.FullName);
        // Every list of people is sorted by last name then first name in Swedish order; the index serves that sort.
        b.HasIndex(p => new { p.LastName, p.FirstName });
        b.HasIndex(p => p.Email);
        b.HasIndex(p => p.MemberNumber).IsUnique();
        b.HasIndex(p => p.CreatedAt);
    }
}

public sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.HasOne(m => m.Person).WithMany(p => p.Memberships).HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Unit).WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.UnitId, m.EndedOn });
        b.HasIndex(m => new { m.PersonId, m.UnitId });
        b.HasIndex(m => m.StartedOn);
    }
}
