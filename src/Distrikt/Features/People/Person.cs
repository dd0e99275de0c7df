using Distrikt.Infrastructure.Database;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.People;

/// <summary>A person known to the district: a member, a former member, or someone holding an assignment.</summary>
public sealed class Person
{
    public Guid Id { get; set; } = NewId.V7();
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Email { get; set; }
    /// <summary>In E.164 form (+46701234567); shown the Swedish way.</summary>
    public string? Phone { get; set; }
    public string? StreetAddress { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>The member number in the party's central register, when the person came from it.</summary>
    public string? MemberNumber { get; set; }
    /// <summary>
    /// From a personnummer when the register export has one. The number itself is never stored: the birth date
    /// is what the district needs (age bands, telling namesakes apart), the last four digits are not.
    /// </summary>
    public DateOnly? BirthDate { get; set; }
    /// <summary>
    /// A fingerprint of the register export's row last applied to this person. A later export with the same row
    /// changes nothing, so the row is neither checked nor compared again — and a member's own correction made in
    /// Distrikt since then is not overwritten by register data that has not changed.
    /// </summary>
    public long? RegisterRowHash { get; set; }
    /// <summary>
    /// Since when the person has asked not to be contacted (a caller's outcome, or staff on request). Every call
    /// list leaves them out from then on; it is a wish to respect, so it is kept as long as the person is.
    /// </summary>
    public DateOnly? DoNotContactSince { get; set; }
    /// <summary>
    /// When the retention rule minimised the person: contact details, tags and memberships removed, the name kept
    /// because past assignments (who sat on which board) are the organisation's own history.
    /// </summary>
    public DateOnly? MinimisedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public List<Membership> Memberships { get; set; } = [];
    public List<PersonTag> Tags { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>Membership of a person in an association, from a date to an optional end date.</summary>
public sealed class Membership
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public Guid UnitId { get; set; }
    public Unit? Unit { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    /// <summary>The last day the member fee is paid for, as the register reports it; null when unknown.</summary>
    public DateOnly? FeePaidThrough { get; set; }
}

/// <summary>A free-text label on a person (e.g. "valarbetare", "vill skriva motioner"), used to filter and make lists.</summary>
public sealed class PersonTag
{
    public Guid PersonId { get; set; }
    public required string Name { get; set; }
}

public sealed class PersonTagConfiguration : IEntityTypeConfiguration<PersonTag>
{
    public void Configure(EntityTypeBuilder<PersonTag> b)
    {
        b.ToTable("person_tags");
        b.HasKey(t => new { t.PersonId, t.Name });
        b.Property(t => t.Name).HasMaxLength(60).UseSwedishCollation();
        b.HasOne<Person>().WithMany(p => p.Tags).HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.Name);
    }
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
        b.Property(p => p.StreetAddress).HasMaxLength(200);
        b.Property(p => p.PostalCode).HasMaxLength(5);
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.MunicipalityCode).HasMaxLength(4);
        b.Property(p => p.MemberNumber).HasMaxLength(20);
        b.Ignore(p => p.FullName);
        // Every list of people is sorted by last name then first name in Swedish order; the index serves that sort.
        b.HasIndex(p => new { p.LastName, p.FirstName });
        // E-mail addresses are looked up without regard to case (lower("Email")); that index is an expression the
        // model cannot state, so the migration PeopleEmailLowerIndex creates it in SQL on both databases.
        b.HasIndex(p => p.Phone);
        b.HasIndex(p => p.MemberNumber).IsUnique();
        b.HasIndex(p => p.CreatedAt);
        b.HasIndex(p => p.DoNotContactSince);
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
        b.HasIndex(m => m.FeePaidThrough);
    }
}
