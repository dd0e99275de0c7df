using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>One's own coming registrations, for the start page: where one has a seat, waits, or must answer an offer.</summary>
public sealed record MyRegistration(Guid GatheringId, string Title, DateTimeOffset StartsAt, RegistrationStatus Status, DateTimeOffset? OfferExpiresAt);

public static class GatheringStart
{
    public static async Task<IReadOnlyList<MyRegistration>> MineAsync(DistriktDb db, Access access, DateTimeOffset now, CancellationToken ct)
    {
        if (access.PersonId is not { } personId) return [];
        var mine = await db.Set<Registration>().AsNoTracking()
            .Where(r => r.PersonId == personId && r.Status != RegistrationStatus.Cancelled && r.Gathering!.CancelledAt == null)
            .Select(r => new { r.GatheringId, r.Gathering!.Title, r.Status, r.OfferExpiresAt, Ends = r.Gathering.Sessions.Max(s => s.EndsAt), Starts = r.Gathering.Sessions.Min(s => s.StartsAt) })
            .ToListAsync(ct);
        return mine.Where(r => r.Ends >= now).OrderBy(r => r.Starts)
            .Select(r => new MyRegistration(r.GatheringId, r.Title, r.Starts, r.Status, r.OfferExpiresAt)).Take(10).ToList();
    }
}
