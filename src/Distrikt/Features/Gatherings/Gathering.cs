using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Gatherings;

public enum GatheringType
{
    LocalLeaders = 1,
    Chairs = 2,
    ThemeSeminar = 3,
    Training = 4,
    Conference = 5,
    Other = 6,
}

/// <summary>Who a gathering is for. Visibility follows it: an association's internal gathering is seen only by those invited.</summary>
public enum Invitation
{
    /// <summary>The current members of the organising unit and every unit below it.</summary>
    Members = 1,
    /// <summary>Holders of the chosen assignment types in the organising unit or below it (chairs, board members…).</summary>
    AssignmentHolders = 2,
    /// <summary>The people on a list the organiser keeps.</summary>
    List = 3,
}

/// <summary>
/// A meeting the district or an association arranges: lokalledarträff, ordförandeträff, temaseminarium… One or more
/// sessions, a place (an address, a link, or both), a capacity with a waiting list, a registration deadline,
/// optionally childcare, and questions to those who register.
/// </summary>
public sealed class Gathering
{
    public Guid Id { get; set; } = NewId.V7();
    /// <summary>The organising unit: the district or an association.</summary>
    public Guid UnitId { get; set; }
    public GatheringType Type { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, sanitised when shown.</summary>
    public string Description { get; set; } = "";
    public string? Address { get; set; }
    public string? MeetingLink { get; set; }
    public Invitation Invitation { get; set; } = Invitation.Members;
    /// <summary>Also shown to anyone, signed in or not, and in the district's public calendar.</summary>
    public bool IsPublic { get; set; }
    /// <summary>Seats for participants; null is no limit.</summary>
    public int? Capacity { get; set; }
    public DateTimeOffset? RegistrationDeadline { get; set; }
    public bool ChildcareOffered { get; set; }
    /// <summary>Children per childminder, as the organiser plans it.</summary>
    public int ChildrenPerMinder { get; set; } = 4;
    /// <summary>Children the childcare can take at most; null is no set limit.</summary>
    public int? ChildcarePlaces { get; set; }
    /// <summary>Hours a person offered a seat from the waiting list has to accept it.</summary>
    public int OfferHours { get; set; } = 48;
    /// <summary>Answers marked sensitive (allergies, accessibility) are erased this many days after the gathering.</summary>
    public int SensitiveAnswersKeptDays { get; set; } = 14;
    /// <summary>Hours before the first session the reminder goes out to those with a seat.</summary>
    public int ReminderHours { get; set; } = 24;
    public DateTimeOffset? RemindedAt { get; set; }
    /// <summary>When the organiser was sent the final numbers after the registration deadline.</summary>
    public DateTimeOffset? DeadlineNoticeAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? CreatedByPersonId { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>
    /// Seats are not first come, first served: members apply (with a motivation) until the deadline, and a
    /// reproducible lottery (Allocation/Lottery) under the rules below gives the seats and the reserve order.
    /// </summary>
    public bool SeatsByLottery { get; set; }
    public bool LotteryFirstTimersFirst { get; set; }
    /// <summary>At most this many seats per association; null is no cap.</summary>
    public int? LotteryMaxPerAssociation { get; set; }
    public bool LotteryGenderBalance { get; set; }
    /// <summary>When the application list was fixed and the seed and fingerprint published; rules and seats are frozen from then.</summary>
    public DateTimeOffset? LotteryFixedAt { get; set; }
    public string? LotterySeed { get; set; }
    /// <summary>SHA-256 of the rules and the application list (<see cref="Allocation.Lottery.Fingerprint"/>), published with the seed.</summary>
    public string? LotteryFingerprint { get; set; }
    /// <summary>When the draw ran; it runs once and its result stands.</summary>
    public DateTimeOffset? LotteryDrawnAt { get; set; }
    /// <summary>The draw's explanation lines, one per line, as published.</summary>
    public string? LotteryExplanation { get; set; }
    /// <summary>Bumped by every registration change: the update takes the gathering's row lock, so seats are counted one registration at a time.</summary>
    public long SeatVersion { get; set; }
    public List<GatheringSession> Sessions { get; set; } = [];
    public List<GatheringQuestion> Questions { get; set; } = [];
    public List<GatheringInvitedType> InvitedTypes { get; set; } = [];
}

public sealed class GatheringSession
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid GatheringId { get; set; }
    public int Order { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>An assignment type whose holders are invited (for <see cref="Invitation.AssignmentHolders"/>).</summary>
public sealed class GatheringInvitedType
{
    public Guid GatheringId { get; set; }
    public Guid AssignmentTypeId { get; set; }
}

/// <summary>A person on the list of a gathering for <see cref="Invitation.List"/>.</summary>
public sealed class GatheringInvitee
{
    public Guid GatheringId { get; set; }
    public Guid PersonId { get; set; }
}

public enum QuestionKind
{
    Text = 1,
    Choice = 2,
    YesNo = 3,
}

public sealed class GatheringQuestion
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid GatheringId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public QuestionKind Kind { get; set; }
    /// <summary>For <see cref="QuestionKind.Choice"/>: the choices, one per line.</summary>
    public string? Choices { get; set; }
    public bool Required { get; set; }
    /// <summary>Health or accessibility needs: seen only by the organisers, erased after the gathering.</summary>
    public bool Sensitive { get; set; }

    public IReadOnlyList<string> ChoiceList => (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum RegistrationStatus
{
    /// <summary>Has a seat.</summary>
    Confirmed = 1,
    /// <summary>On the waiting list, in order of <see cref="Registration.QueuedAt"/>.</summary>
    Waiting = 2,
    /// <summary>Offered a seat that came free; holds it until <see cref="Registration.OfferExpiresAt"/>.</summary>
    Offered = 3,
    Cancelled = 4,
    /// <summary>Applied for a seat that a lottery will give; becomes <see cref="Confirmed"/> or <see cref="Waiting"/> (the reserve list) at the draw.</summary>
    Applied = 5,
}

public sealed class Registration
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid GatheringId { get; set; }
    public Gathering? Gathering { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public RegistrationStatus Status { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>When the person joined the waiting list; the list is served in this order.</summary>
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? OfferExpiresAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    /// <summary>Random, for the QR code on the confirmation: finds the registration at the door.</summary>
    public required string CheckInCode { get; set; }
    /// <summary>Needs of the children in childcare (allergies and the like): sensitive, erased with the sensitive answers.</summary>
    public string? ChildcareNeeds { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>For a lottery: why the person applies, in their own words (read by the organisers).</summary>
    public string? Motivation { get; set; }
    /// <summary>For a lottery: as the applicant stated it, asked only when the rules balance genders.</summary>
    public Allocation.ApplicantGender Gender { get; set; }
    /// <summary>For a lottery: the applicant has not been before (as stated, and no seat in an earlier draw of the district).</summary>
    public bool FirstTime { get; set; }
    /// <summary>For a lottery: the public number (1..N) given when the list was fixed; what gets published instead of the name.</summary>
    public int? ApplicationNumber { get; set; }
    /// <summary>For a lottery: the association counted for the per-association cap, fixed with the list.</summary>
    public Guid? ApplicantAssociationId { get; set; }
    /// <summary>For a lottery: the place on the reserve list (1 = first) from the draw; seats that come free follow it.</summary>
    public int? ReservePosition { get; set; }
    public List<RegistrationChild> Children { get; set; } = [];
    public List<RegistrationAnswer> Answers { get; set; } = [];
    public List<RegistrationSession> Sessions { get; set; } = [];

    public bool HoldsSeat => Status is RegistrationStatus.Confirmed or RegistrationStatus.Offered;
}

/// <summary>A child in the childcare: only the age, which is what planning needs.</summary>
public sealed class RegistrationChild
{
    public Guid RegistrationId { get; set; }
    public int Order { get; set; }
    public int Age { get; set; }
}

public sealed class RegistrationAnswer
{
    public Guid RegistrationId { get; set; }
    public Guid QuestionId { get; set; }
    public string? Value { get; set; }
}

/// <summary>The sessions a registration attends (all, unless the person chose).</summary>
public sealed class RegistrationSession
{
    public Guid RegistrationId { get; set; }
    public Guid SessionId { get; set; }
}

/// <summary>
/// A person's private calendar feed: the gatherings they registered for or are invited to, for a calendar app to
/// subscribe to. Only the token's hash is kept; making a new address revokes the old one.
/// </summary>
public sealed class CalendarFeed
{
    public Guid PersonId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.ToTable("calendar_feeds");
        b.HasKey(f => f.PersonId);
        b.Property(f => f.TokenHash).HasMaxLength(64);
        b.HasIndex(f => f.TokenHash).IsUnique();
        b.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class GatheringConfiguration : IEntityTypeConfiguration<Gathering>
{
    public void Configure(EntityTypeBuilder<Gathering> b)
    {
        b.ToTable("gatherings", t =>
        {
            t.HasCheckConstraint("ck_gatherings_capacity", "\"Capacity\" IS NULL OR \"Capacity\" BETWEEN 1 AND 100000");
            t.HasCheckConstraint("ck_gatherings_minders", "\"ChildrenPerMinder\" BETWEEN 1 AND 20");
        });
        b.Property(g => g.Title).HasMaxLength(200);
        b.Property(g => g.Description).HasMaxLength(20000);
        b.Property(g => g.Address).HasMaxLength(300);
        b.Property(g => g.MeetingLink).HasMaxLength(500);
        b.Property(g => g.SeatVersion).IsConcurrencyToken();
        b.Property(g => g.LotterySeed).HasMaxLength(200);
        b.Property(g => g.LotteryFingerprint).HasMaxLength(64);
        b.HasOne<Unit>().WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(g => g.Sessions).WithOne().HasForeignKey(s => s.GatheringId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Questions).WithOne().HasForeignKey(q => q.GatheringId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.InvitedTypes).WithOne().HasForeignKey(t => t.GatheringId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => g.UnitId);
    }
}

public sealed class GatheringSessionConfiguration : IEntityTypeConfiguration<GatheringSession>
{
    public void Configure(EntityTypeBuilder<GatheringSession> b)
    {
        b.ToTable("gathering_sessions");
        b.Property(s => s.Title).HasMaxLength(200);
        b.HasIndex(s => s.StartsAt);
    }
}

public sealed class GatheringInvitedTypeConfiguration : IEntityTypeConfiguration<GatheringInvitedType>
{
    public void Configure(EntityTypeBuilder<GatheringInvitedType> b)
    {
        b.ToTable("gathering_invited_types");
        b.HasKey(t => new { t.GatheringId, t.AssignmentTypeId });
        b.HasOne<Assignments.AssignmentType>().WithMany().HasForeignKey(t => t.AssignmentTypeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class GatheringInviteeConfiguration : IEntityTypeConfiguration<GatheringInvitee>
{
    public void Configure(EntityTypeBuilder<GatheringInvitee> b)
    {
        b.ToTable("gathering_invitees");
        b.HasKey(i => new { i.GatheringId, i.PersonId });
        b.HasOne<Gathering>().WithMany().HasForeignKey(i => i.GatheringId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => i.PersonId);
    }
}

public sealed class GatheringQuestionConfiguration : IEntityTypeConfiguration<GatheringQuestion>
{
    public void Configure(EntityTypeBuilder<GatheringQuestion> b)
    {
        b.ToTable("gathering_questions");
        b.Property(q => q.Text).HasMaxLength(300);
        b.Property(q => q.Choices).HasMaxLength(2000);
        b.Ignore(q => q.ChoiceList);
    }
}

public sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> b)
    {
        b.ToTable("registrations");
        b.HasOne(r => r.Gathering).WithMany().HasForeignKey(r => r.GatheringId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.CheckInCode).HasMaxLength(40);
        b.Property(r => r.ChildcareNeeds).HasMaxLength(1000);
        b.Property(r => r.Motivation).HasMaxLength(1000);
        b.Ignore(r => r.HoldsSeat);
        // One registration per person and gathering: registering again changes it.
        b.HasIndex(r => new { r.GatheringId, r.PersonId }).IsUnique();
        b.HasIndex(r => r.CheckInCode).IsUnique();
        // A lottery's public numbers are unique within the gathering (null until the list is fixed).
        b.HasIndex(r => new { r.GatheringId, r.ApplicationNumber }).IsUnique();
        b.HasIndex(r => new { r.GatheringId, r.Status, r.QueuedAt });
        b.HasIndex(r => r.PersonId);
        b.HasMany(r => r.Children).WithOne().HasForeignKey(c => c.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Sessions).WithOne().HasForeignKey(s => s.RegistrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RegistrationChildConfiguration : IEntityTypeConfiguration<RegistrationChild>
{
    public void Configure(EntityTypeBuilder<RegistrationChild> b)
    {
        b.ToTable("registration_children", t => t.HasCheckConstraint("ck_registration_children_age", "\"Age\" BETWEEN 0 AND 17"));
        b.HasKey(c => new { c.RegistrationId, c.Order });
    }
}

public sealed class RegistrationAnswerConfiguration : IEntityTypeConfiguration<RegistrationAnswer>
{
    public void Configure(EntityTypeBuilder<RegistrationAnswer> b)
    {
        b.ToTable("registration_answers");
        b.HasKey(a => new { a.RegistrationId, a.QuestionId });
        b.Property(a => a.Value).HasMaxLength(2000);
        b.HasOne<GatheringQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RegistrationSessionConfiguration : IEntityTypeConfiguration<RegistrationSession>
{
    public void Configure(EntityTypeBuilder<RegistrationSession> b)
    {
        b.ToTable("registration_sessions");
        b.HasKey(s => new { s.RegistrationId, s.SessionId });
        b.HasOne<GatheringSession>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
