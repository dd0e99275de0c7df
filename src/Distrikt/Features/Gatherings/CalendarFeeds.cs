using System.Security.Cryptography;
using System.Text;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Calendar feeds a calendar app subscribes to: each person's private one (the gatherings they registered for or are
/// invited to), reached by a secret address that can be replaced, and a district's public one (its public gatherings).
/// </summary>
public static class CalendarFeeds
{
    /// <summary>Gatherings ended this long ago still appear, so a calendar does not lose them the day after.</summary>
    private static readonly TimeSpan KeptAfter = TimeSpan.FromDays(60);

    /// <summary>A new secret address for the person; the previous one stops working. Returns the token to put in the address.</summary>
    public static async Task<string> RenewAsync(DistriktDb db, Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        await db.Set<CalendarFeed>().Where(f => f.PersonId == personId).ExecuteDeleteAsync(ct);
        db.Add(new CalendarFeed { PersonId = personId, TokenHash = Hash(token), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public static Task<bool> ExistsAsync(DistriktDb db, Guid personId, CancellationToken ct) => db.Set<CalendarFeed>().AnyAsync(f => f.PersonId == personId, ct);

    public static Task RevokeAsync(DistriktDb db, Guid personId, CancellationToken ct) => db.Set<CalendarFeed>().Where(f => f.PersonId == personId).ExecuteDeleteAsync(ct);

    /// <summary>The person's feed, or null for a token that is malformed, replaced or never issued.</summary>
    public static async Task<string?> PersonalAsync(DistriktDb db, string? token, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return null;
        var hash = Hash(token);
        var personId = await db.Set<CalendarFeed>().Where(f => f.TokenHash == hash).Select(f => (Guid?)f.PersonId).FirstOrDefaultAsync(ct);
        if (personId is not { } id) return null;
        var directory = await UnitDirectory.GetAsync(db, ct);
        var rules = await GatheringAccess.ForAsync(db, new Access(null, id, false, false, [], directory.Parents), DateOnly.FromDateTime(SwedishFormat.Local(now)), ct);
        var registered = await db.Set<Registration>().Where(r => r.PersonId == id && r.Status != RegistrationStatus.Cancelled).Select(r => r.GatheringId).ToListAsync(ct);
        var gatherings = (await RecentAsync(db, now, ct)).Where(g => registered.Contains(g.Id) || rules.IsInvited(g)).ToList();
        return Write("Mina träffar", gatherings, baseUrl, now);
    }

    /// <summary>The district's public gatherings (its own and its associations'), or null for an unknown district.</summary>
    public static async Task<string?> PublicAsync(DistriktDb db, Guid districtId, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(districtId, out var district) || district.Kind != UnitKind.District) return null;
        var gatherings = (await RecentAsync(db, now, ct)).Where(g => g.IsPublic && directory.DistrictOf(g.UnitId) == districtId).ToList();
        return Write(district.Name, gatherings, baseUrl, now);
    }

    private static Task<List<Gathering>> RecentAsync(DistriktDb db, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - KeptAfter;
        return db.Set<Gathering>().AsNoTracking().Include(g => g.Sessions).Include(g => g.InvitedTypes).AsSplitQuery()
            .Where(g => g.Sessions.Any(s => s.EndsAt >= since)).ToListAsync(ct);
    }

    private static string Write(string name, IEnumerable<Gathering> gatherings, string baseUrl, DateTimeOffset now) =>
        Calendar.Ics.Write(name, gatherings.SelectMany(g => g.Sessions.OrderBy(s => s.Order).Select(s => GatheringMail.Event(g, s, baseUrl, now))));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
