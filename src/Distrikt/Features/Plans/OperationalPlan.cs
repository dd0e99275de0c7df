using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Plans;

/// <summary>
/// A unit's operational plan (verksamhetsplan) for one year, as adopted: its title and introduction, its sections and
/// their goals. One per unit and year; past plans stay readable.
/// </summary>
public sealed class OperationalPlan
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid UnitId { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    /// <summary>The introduction, paragraphs separated by blank lines.</summary>
    public string Intro { get; set; } = "";
    /// <summary>The file the plan was read from, for the record.</summary>
    public string? SourceFileName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Null while the imported plan awaits review: it is shown only on the review page until someone confirms that
    /// it was read right (or discards it and tries again).
    /// </summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>What the import said about the file (counts and notes), shown on the review page.</summary>
    public string? ImportReport { get; set; }
    public Guid? CreatedByPersonId { get; set; }
    public List<PlanSection> Sections { get; set; } = [];
    public List<PlanGoal> Goals { get; set; } = [];
}

/// <summary>A section of the plan ("Mål och aktiviteter" …) with its prose, kept as adopted.</summary>
public sealed class PlanSection
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid PlanId { get; set; }
    public int Order { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The section's prose, paragraphs separated by blank lines.</summary>
    public string Prose { get; set; } = "";
}

public enum GoalStatus
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
    /// <summary>Cancelled or not carried out; <see cref="PlanGoal.StatusReason"/> says why.</summary>
    Dropped = 3,
}

/// <summary>One commitment of the plan (mål), in its adopted wording, with who answers for it and how far it has come.</summary>
public sealed class PlanGoal
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid PlanId { get; set; }
    public Guid SectionId { get; set; }
    public int Order { get; set; }
    /// <summary>The adopted wording; never rewritten by follow-up.</summary>
    public required string Text { get; set; }
    public string? LeadIn { get; set; }
    public GoalStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    /// <summary>"Every year", "regularly": the work comes back, so its activities recur.</summary>
    public bool Recurring { get; set; }
    public List<GoalActivity> Activities { get; set; } = [];
    public List<GoalResponsible> Responsible { get; set; } = [];
    public List<GoalNote> Notes { get; set; } = [];
}

/// <summary>Something to do for a goal, optionally on a date; nested bullets of the adopted plan become activities.</summary>
public sealed class GoalActivity
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid GoalId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public DateOnly? Date { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
}

public sealed class GoalResponsible
{
    public Guid GoalId { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
}

/// <summary>A progress note: what happened, by whom, when.</summary>
public sealed class GoalNote
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid GoalId { get; set; }
    public Guid? PersonId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Text { get; set; }
}

public sealed class OperationalPlanConfiguration : IEntityTypeConfiguration<OperationalPlan>
{
    public void Configure(EntityTypeBuilder<OperationalPlan> b)
    {
        b.ToTable("operational_plans", t => t.HasCheckConstraint("ck_operational_plans_year", "\"Year\" BETWEEN 1990 AND 2200"));
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.SourceFileName).HasMaxLength(260);
        b.HasIndex(p => new { p.UnitId, p.Year }).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Sections).WithOne().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Goals).WithOne().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PlanSectionConfiguration : IEntityTypeConfiguration<PlanSection>
{
    public void Configure(EntityTypeBuilder<PlanSection> b)
    {
        b.ToTable("plan_sections");
        b.Property(s => s.Title).HasMaxLength(300);
    }
}

public sealed class PlanGoalConfiguration : IEntityTypeConfiguration<PlanGoal>
{
    public void Configure(EntityTypeBuilder<PlanGoal> b)
    {
        b.ToTable("plan_goals");
        b.Property(g => g.Text).HasMaxLength(4000);
        b.Property(g => g.LeadIn).HasMaxLength(1000);
        b.Property(g => g.StatusReason).HasMaxLength(2000);
        // Sections are deleted with their plan, which deletes its goals: no second cascade path.
        b.HasOne<PlanSection>().WithMany().HasForeignKey(g => g.SectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(g => g.Activities).WithOne().HasForeignKey(a => a.GoalId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Responsible).WithOne().HasForeignKey(r => r.GoalId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Notes).WithOne().HasForeignKey(n => n.GoalId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => new { g.PlanId, g.Order });
    }
}

public sealed class GoalActivityConfiguration : IEntityTypeConfiguration<GoalActivity>
{
    public void Configure(EntityTypeBuilder<GoalActivity> b)
    {
        b.ToTable("goal_activities");
        b.Property(a => a.Text).HasMaxLength(2000);
    }
}

public sealed class GoalResponsibleConfiguration : IEntityTypeConfiguration<GoalResponsible>
{
    public void Configure(EntityTypeBuilder<GoalResponsible> b)
    {
        b.ToTable("goal_responsible");
        b.HasKey(r => new { r.GoalId, r.PersonId });
        b.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.PersonId);
    }
}

public sealed class GoalNoteConfiguration : IEntityTypeConfiguration<GoalNote>
{
    public void Configure(EntityTypeBuilder<GoalNote> b)
    {
        b.ToTable("goal_notes");
        b.Property(n => n.Text).HasMaxLength(4000);
        b.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
