using Distrikt.Infrastructure.Database;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// Faddersystemet: a member or deputy of the district board who keeps in touch with an association, at a rhythm
/// (e.g. every six weeks). The relation is in effect only while the person holds a board seat in the district;
/// it is not itself an assignment and grants no permission over the association's members.
/// </summary>
public sealed class Liaison
{
    public Guid Id { get; set; } = NewId.V7();
    /// <summary>The association.</summary>
    public Guid UnitId { get; set; }
    /// <summary>The board member or deputy.</summary>
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>Days between contacts; a contact is overdue this many days after the last one (or after the start).</summary>
    public int RhythmDays { get; set; } = 42;
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>How a liaison contact was made.</summary>
public enum ContactChannel
{
    Phone = 1,
    Meeting = 2,
    DigitalMeeting = 3,
    Email = 4,
    Message = 5,
}

/// <summary>One logged contact between the district and an association.</summary>
public sealed class LiaisonContact
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid UnitId { get; set; }
    /// <summary>Who made the contact for the district; null once that person is erased.</summary>
    public Guid? LiaisonPersonId { get; set; }
    public DateOnly ContactedOn { get; set; }
    public ContactChannel Channel { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? RecordedById { get; set; }
}

/// <summary>
/// The named contact person of an association the district board has no one in: the one the district calls.
/// One per association.
/// </summary>
public sealed class AssociationContact
{
    public Guid UnitId { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public sealed class LiaisonConfiguration : IEntityTypeConfiguration<Liaison>
{
    public void Configure(EntityTypeBuilder<Liaison> b)
    {
        b.ToTable("liaisons", t => t.HasCheckConstraint("ck_liaisons_rhythm", "\"RhythmDays\" BETWEEN 1 AND 366"));
        b.HasOne<Unit>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Person).WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => new { l.UnitId, l.EndsOn });
        b.HasIndex(l => new { l.PersonId, l.EndsOn });
    }
}

public sealed class LiaisonContactConfiguration : IEntityTypeConfiguration<LiaisonContact>
{
    public void Configure(EntityTypeBuilder<LiaisonContact> b)
    {
        b.ToTable("liaison_contacts");
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(c => c.LiaisonPersonId).OnDelete(DeleteBehavior.SetNull);
        b.Property(c => c.Note).HasMaxLength(4000);
        b.HasIndex(c => new { c.UnitId, c.ContactedOn });
    }
}

public sealed class AssociationContactConfiguration : IEntityTypeConfiguration<AssociationContact>
{
    public void Configure(EntityTypeBuilder<AssociationContact> b)
    {
        b.ToTable("association_contacts");
        b.HasKey(c => c.UnitId);
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
