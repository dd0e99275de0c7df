using Distrikt.Infrastructure.Database;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.CallLists;

/// <summary>
/// A ringlista: people to call for one purpose (welcome new members, remind of the fee, ask who wants to help in
/// the campaign), split among the volunteers who call. Made from a care queue or a member-list filter by someone
/// who may change people in the unit; the people on it are fixed when it is made.
/// </summary>
public sealed class CallList
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid UnitId { get; set; }
    public required string Name { get; set; }
    /// <summary>What the callers should say and ask, shown above every person.</summary>
    public string Purpose { get; set; } = "";
    /// <summary>Where the people came from, in words ("Nya medlemmar som inte välkomnats", a filter described).</summary>
    public string Source { get; set; } = "";
    /// <summary>The care queue the list was made from, if any: an answered call then counts as that queue's care step.</summary>
    public Care.CareQueue? SourceQueue { get; set; }
    /// <summary>The person who made the list; they follow its progress.</summary>
    public Guid? OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ClosedAt { get; set; }
    public List<CallListCaller> Callers { get; set; } = [];
    public List<CallListEntry> Entries { get; set; } = [];
}

/// <summary>A volunteer who calls from a list. They see only the people on it, and only while the list is open.</summary>
public sealed class CallListCaller
{
    public Guid CallListId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset AddedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>What came of a call, as the caller records it.</summary>
public enum CallOutcome
{
    /// <summary>Svarade.</summary>
    Answered = 1,
    /// <summary>Inget svar; the person comes back later in the list.</summary>
    NoAnswer = 2,
    /// <summary>Fel nummer.</summary>
    WrongNumber = 3,
    /// <summary>Vill inte bli kontaktad: sets the person's do-not-contact, which every later list respects.</summary>
    DoNotContact = 4,
    /// <summary>Vill engagera sig i … (what, in <see cref="CallListEntry.EngageIn"/>).</summary>
    WantsToEngage = 5,
}

/// <summary>
/// One person on a list. A caller reserves the entry while calling so no one else is shown the same person;
/// the reservation runs out by itself if the caller leaves without recording an outcome. When the person is
/// erased the entry stays, without person and note, so the list's counts still add up.
/// </summary>
public sealed class CallListEntry
{
    public Guid Id { get; set; } = NewId.V7();
    public Guid CallListId { get; set; }
    public Guid? PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>Order within the list (Swedish name order when made).</summary>
    public int Position { get; set; }
    /// <summary>The caller whose share this entry is in; null when anyone on the list may take it.</summary>
    public Guid? CallerId { get; set; }
    public Guid? ReservedById { get; set; }
    public DateTimeOffset? ReservedUntil { get; set; }
    public CallOutcome? Outcome { get; set; }
    /// <summary>What the person wants to take part in, when the outcome is <see cref="CallOutcome.WantsToEngage"/>.</summary>
    public string? EngageIn { get; set; }
    public string? Note { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? CalledAt { get; set; }
    public Guid? CalledById { get; set; }
    /// <summary>Guards against two callers recording the same entry at once.</summary>
    public int Version { get; set; }
}

public sealed class CallListConfiguration : IEntityTypeConfiguration<CallList>
{
    public void Configure(EntityTypeBuilder<CallList> b)
    {
        b.ToTable("call_lists");
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Purpose).HasMaxLength(4000);
        b.Property(l => l.Source).HasMaxLength(500);
        b.HasOne<Unit>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(l => l.Callers).WithOne().HasForeignKey(c => c.CallListId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(l => l.Entries).WithOne().HasForeignKey(e => e.CallListId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => new { l.UnitId, l.ClosedAt });
    }
}

public sealed class CallListCallerConfiguration : IEntityTypeConfiguration<CallListCaller>
{
    public void Configure(EntityTypeBuilder<CallListCaller> b)
    {
        b.ToTable("call_list_callers");
        b.HasKey(c => new { c.CallListId, c.PersonId });
        b.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.PersonId);
    }
}

public sealed class CallListEntryConfiguration : IEntityTypeConfiguration<CallListEntry>
{
    public void Configure(EntityTypeBuilder<CallListEntry> b)
    {
        b.ToTable("call_list_entries");
        b.HasOne(e => e.Person).WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.SetNull);
        b.Property(e => e.EngageIn).HasMaxLength(200);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasIndex(e => new { e.CallListId, e.Position });
        b.HasIndex(e => e.PersonId);
    }
}
