using Distrikt.Infrastructure.Database;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Care;

/// <summary>The care queues (medlemsvård) of a unit.</summary>
public enum CareQueue
{
    /// <summary>New members not yet welcomed.</summary>
    New = 1,
    /// <summary>Members whose fee is unpaid and who are about to lapse.</summary>
    Lapsing = 2,
    /// <summary>Members who lapsed recently.</summary>
    Lapsed = 3,
    /// <summary>Former members who have come back.</summary>
    Returning = 4,
}

/// <summary>
/// That someone took care of a person in a queue: welcomed them, reminded them of the fee, asked why they left.
/// A person leaves the queue when it has a step done since they entered it. Answered calls from a list made
/// from the queue record a step too.
/// </summary>
public sealed class CareStep
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid PersonId { get; set; }
    public Guid UnitId { get; set; }
    public CareQueue Queue { get; set; }
    public DateOnly DoneOn { get; set; }
    public Guid? DoneById { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// The district's rules for member care and retention, in days. One row per district; the defaults apply until
/// someone saves their own.
/// </summary>
public sealed class MemberCareSettings
{
    public Guid DistrictId { get; set; }
    /// <summary>A member is new this many days after joining.</summary>
    public int NewMemberDays { get; set; } = 60;
    /// <summary>A member is about to lapse when the fee is paid through a day at most this many days ahead (or already past).</summary>
    public int LapsingDays { get; set; } = 30;
    /// <summary>A membership that ended within this many days counts as recently lapsed.</summary>
    public int LapsedDays { get; set; } = 90;
    /// <summary>A member who had left and joined again is returning for this many days.</summary>
    public int ReturningDays { get; set; } = 60;
    /// <summary>A recruitment contact who has not joined within this many days of consenting is erased.</summary>
    public int ProspectRetentionDays { get; set; } = 365;
    /// <summary>A former member without any current membership or assignment is erased (or minimised) this many days after leaving.</summary>
    public int FormerMemberRetentionDays { get; set; } = 730;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public static MemberCareSettings DefaultsFor(Guid districtId) => new() { DistrictId = districtId };
}

public sealed class CareStepConfiguration : IEntityTypeConfiguration<CareStep>
{
    public void Configure(EntityTypeBuilder<CareStep> b)
    {
        b.ToTable("care_steps");
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Property(s => s.Note).HasMaxLength(2000);
        b.HasIndex(s => new { s.PersonId, s.Queue, s.DoneOn });
    }
}

public sealed class MemberCareSettingsConfiguration : IEntityTypeConfiguration<MemberCareSettings>
{
    public void Configure(EntityTypeBuilder<MemberCareSettings> b)
    {
        b.ToTable("member_care_settings");
        b.HasKey(s => s.DistrictId);
        b.HasOne<Unit>().WithMany().HasForeignKey(s => s.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}
