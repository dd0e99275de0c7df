using System.Collections.Concurrent;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Members;

public sealed record ChoiceOption(Guid Id, string Name);

/// <summary>The tags and assignment types the member list offers as filters for a unit.</summary>
public sealed record MemberListChoices(IReadOnlyList<string> Tags, IReadOnlyList<ChoiceOption> AssignmentTypes);

/// <summary>
/// The filter choices, kept for <see cref="Lifetime"/> per database and unit. Reading the distinct tags of a
/// district's members costs more than the page of names itself, and the choices change seldom. Only tag and
/// type names are kept, no people. A tag added or removed on this node clears the copy at once
/// (<see cref="Forget"/>); another node's change shows within the lifetime.
/// </summary>
public static class MemberListChoicesCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private sealed record Entry(MemberListChoices Choices, long ReadAt);
    private static readonly ConcurrentDictionary<string, Entry> Entries = new();

    public static async Task<MemberListChoices> GetAsync(DistriktDb db, Guid unitId, IReadOnlyCollection<Guid> scope, CancellationToken ct)
    {
        var key = $"{db.Database.GetConnectionString()}|{unitId}";
        if (Entries.TryGetValue(key, out var entry) && Environment.TickCount64 - entry.ReadAt < Lifetime.TotalMilliseconds)
        {
            return entry.Choices;
        }
        // Tags of people with a membership in the unit, so a board is not offered (or shown) other associations' labels.
        var tags = await db.Set<PersonTag>().AsNoTracking()
            .Where(t => db.Set<Membership>().Any(m => m.PersonId == t.PersonId && scope.Contains(m.UnitId)))
            .Select(t => t.Name).Distinct().ToListAsync(ct);
        var types = await db.Set<AssignmentType>().AsNoTracking().Select(t => new ChoiceOption(t.Id, t.Name)).ToListAsync(ct);
        var choices = new MemberListChoices(
            tags.Order(SwedishCollation.Comparer).ToList(),
            types.OrderBy(t => t.Name, SwedishCollation.Comparer).ToList());
        Entries[key] = new Entry(choices, Environment.TickCount64);
        return choices;
    }

    public static void Forget() => Entries.Clear();
}
