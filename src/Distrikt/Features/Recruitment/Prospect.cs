using Distrikt.Infrastructure.Database;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Recruitment;

/// <summary>Where a recruitment contact was met.</summary>
public enum ProspectSource
{
    /// <summary>At a stall, a door-knock or a public meeting.</summary>
    Stall = 0,
    /// <summary>Signed up on the district's public interest form.</summary>
    InterestForm = 1,
    /// <summary>Reported from a campaign.</summary>
    Campaign = 2,
    Other = 3,
}

/// <summary>
/// Someone who is not a member yet and has agreed to be contacted about joining. The person's details live in an
/// ordinary <see cref="Person"/> without a membership, so call lists, tags and "do not contact" work as for
/// members. The consent and its date are the lawful basis (GDPR art. 6.1 a and 9.2 a: interest in the party reveals
/// political opinion), so a contact without one is never recorded. When the person appears in a later register
/// import, the prospect is marked as joined and points to the member; when the time to convert runs out, the person
/// is erased and only this row's counts remain (for "how many joined after the stall in May").
/// </summary>
public sealed class Prospect
{
    public Guid Id { get; set; } = NewId.V7();
    /// <summary>The person; null once erased.</summary>
    public Guid? PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>The association whose "to recruit" queue the person is in (or the district, when not yet placed).</summary>
    public Guid UnitId { get; set; }
    public ProspectSource Source { get; set; }
    /// <summary>Which stall, campaign or form (e.g. "Bokbord Stortorget 12 maj").</summary>
    public string? SourceNote { get; set; }
    public DateOnly ConsentGivenOn { get; set; }
    /// <summary>What the person agreed to, in the words shown to them.</summary>
    public required string ConsentText { get; set; }
    /// <summary>Who recorded the contact; null for the public form.</summary>
    public Guid? RecordedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>The day a register import showed the person as a member.</summary>
    public DateOnly? JoinedOn { get; set; }
    /// <summary>The day the person was erased because they did not join in time, or on request.</summary>
    public DateOnly? ErasedOn { get; set; }
}

public sealed class ProspectConfiguration : IEntityTypeConfiguration<Prospect>
{
    public void Configure(EntityTypeBuilder<Prospect> b)
    {
        b.ToTable("prospects");
        b.HasOne(p => p.Person).WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.SourceNote).HasMaxLength(200);
        b.Property(p => p.ConsentText).HasMaxLength(1000);
        b.HasIndex(p => new { p.UnitId, p.JoinedOn });
        b.HasIndex(p => p.PersonId);
    }
}
