using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.Liaisons;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>
/// Erasing people, one on request (GDPR art. 17) or many by the retention rule (art. 5.1 e), with the same rules
/// (docs/decisions/0018): a person who held assignments is minimised — name and assignments stay as the
/// organisation's history of who sat on which board, everything else goes — and anyone else is deleted. Either
/// way their call-list entries keep only the outcome (so a list's counts still add up), their account is deleted
/// (sign-in gone; the security stamp check ends open sessions) and their recruitment consent is marked erased.
/// Everything is set-based, so the retention rule erases thousands in a few statements per batch.
/// </summary>
public static class PersonErasure
{
    /// <summary>People per transaction in a bulk run: small enough to keep locks short, large enough to be few round trips.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// Erases <paramref name="deleteIds"/> entirely and minimises <paramref name="minimiseIds"/>. The caller holds the
    /// transaction. A person with a current or coming assignment is never touched, whatever list they are in.
    /// </summary>
    public static async Task<(int Erased, int Minimised)> ApplyAsync(DistriktDb db, IReadOnlyCollection<Guid> deleteIds, IReadOnlyCollection<Guid> minimiseIds,
        DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var requested = deleteIds.Concat(minimiseIds).Distinct().ToList();
        if (requested.Count == 0) return (0, 0);
        // Checked again inside the transaction: someone may have been appointed since the list was made.
        var held = await db.Set<Assignment>().Where(a => requested.Contains(a.PersonId)).GroupBy(a => a.PersonId)
            .Select(g => new { PersonId = g.Key, Current = g.Any(a => a.EndsOn == null || a.EndsOn >= today) })
            .ToListAsync(ct);
        var current = held.Where(h => h.Current).Select(h => h.PersonId).ToHashSet();
        var withHistory = held.Select(h => h.PersonId).ToHashSet();
        var all = requested.Where(id => !current.Contains(id)).ToList();
        if (all.Count == 0) return (0, 0);
        // Whoever held an assignment is minimised even when asked to be deleted: the board's history is not theirs alone.
        var minimise = all.Where(withHistory.Contains).ToList();
        var delete = all.Where(id => !withHistory.Contains(id)).ToList();

        await db.Set<CallListEntry>().Where(e => e.PersonId != null && all.Contains(e.PersonId.Value))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.PersonId, (Guid?)null)
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.EngageIn, (string?)null)
                .SetProperty(e => e.ReservedById, (Guid?)null)
                .SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null), ct);
        // An erased caller's share goes back to the list, for anyone on it to call.
        await db.Set<CallListEntry>().Where(e => e.CallerId != null && all.Contains(e.CallerId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CallerId, (Guid?)null), ct);
        await db.Set<CallListEntry>().Where(e => e.ReservedById != null && all.Contains(e.ReservedById.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ReservedById, (Guid?)null).SetProperty(e => e.ReservedUntil, (DateTimeOffset?)null), ct);
        await db.Set<Prospect>().Where(p => p.PersonId != null && all.Contains(p.PersonId.Value))
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.ErasedOn, p => p.ErasedOn ?? today)
                .SetProperty(p => p.PersonId, (Guid?)null), ct);
        var userIds = await db.Users.Where(u => u.PersonId != null && all.Contains(u.PersonId.Value)).Select(u => u.Id).ToListAsync(ct);
        if (userIds.Count > 0)
        {
            await db.Set<SignInLink>().Where(l => userIds.Contains(l.UserId)).ExecuteDeleteAsync(ct);
            // Claims, logins, tokens (the TOTP key) and passkeys go with the user by the database's cascade.
            await db.Users.Where(u => userIds.Contains(u.Id)).ExecuteDeleteAsync(ct);
        }

        var minimised = 0;
        if (minimise.Count > 0)
        {
            await db.Set<PersonTag>().Where(t => minimise.Contains(t.PersonId)).ExecuteDeleteAsync(ct);
            await db.Set<Membership>().Where(m => minimise.Contains(m.PersonId)).ExecuteDeleteAsync(ct);
            await db.Set<CareStep>().Where(c => minimise.Contains(c.PersonId)).ExecuteDeleteAsync(ct);
            await db.Set<CallListCaller>().Where(c => minimise.Contains(c.PersonId)).ExecuteDeleteAsync(ct);
            await db.Set<AssociationContact>().Where(c => minimise.Contains(c.PersonId)).ExecuteDeleteAsync(ct);
            minimised = await db.Set<Person>().Where(p => minimise.Contains(p.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Email, (string?)null)
                    .SetProperty(p => p.Phone, (string?)null)
                    .SetProperty(p => p.StreetAddress, (string?)null)
                    .SetProperty(p => p.PostalCode, (string?)null)
                    .SetProperty(p => p.City, (string?)null)
                    .SetProperty(p => p.MunicipalityCode, (string?)null)
                    .SetProperty(p => p.MemberNumber, (string?)null)
                    .SetProperty(p => p.BirthDate, (DateOnly?)null)
                    .SetProperty(p => p.RegisterRowHash, (long?)null)
                    .SetProperty(p => p.MinimisedOn, p => p.MinimisedOn ?? today)
                    .SetProperty(p => p.UpdatedAt, now), ct);
        }
        // Memberships, tags, care steps, liaisons and the rest go with the person by the database's cascade;
        // logged liaison contacts and list ownership lose the person (set null) and stay as the association's record.
        var erased = delete.Count == 0 ? 0 : await db.Set<Person>().Where(p => delete.Contains(p.Id)).ExecuteDeleteAsync(ct);
        return (erased, minimised);
    }

    /// <summary>
    /// Erases recruitment contacts (their time ran out, or they asked): the person is erased as above unless they have
    /// since become a member or held an assignment, in which case only the consent goes. The prospect rows stay, without
    /// a person, so recruitment counts still add up. The caller holds the transaction.
    /// </summary>
    public static async Task<int> EraseProspectsAsync(DistriktDb db, IReadOnlyCollection<Guid> prospectIds, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        if (prospectIds.Count == 0) return 0;
        var batch = await db.Set<Prospect>().Where(p => prospectIds.Contains(p.Id) && p.JoinedOn == null && p.ErasedOn == null)
            .Select(p => new
            {
                p.Id, p.PersonId,
                Keep = p.PersonId != null && (db.Set<Membership>().Any(m => m.PersonId == p.PersonId) || db.Set<Assignment>().Any(a => a.PersonId == p.PersonId)),
            })
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;
        await ApplyAsync(db, batch.Where(b => !b.Keep && b.PersonId != null).Select(b => b.PersonId!.Value).ToList(), [], today, now, ct);
        var ids = batch.Select(b => b.Id).ToList();
        // The erased people's consents were marked by ApplyAsync; the kept ones lose only the link.
        await db.Set<Prospect>().Where(p => ids.Contains(p.Id) && p.ErasedOn == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ErasedOn, today).SetProperty(p => p.PersonId, (Guid?)null), ct);
        return batch.Count;
    }
}
