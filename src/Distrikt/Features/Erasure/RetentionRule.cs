using Distrikt.Features.Assignments;
using Distrikt.Features.Care;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>What the retention rule erases, or would erase, in one district.</summary>
public sealed record RetentionCounts(int Erased, int Minimised, int ProspectsErased)
{
    public int Total => Erased + Minimised + ProspectsErased;
}

/// <summary>
/// Gallring: personal data is kept no longer than needed (GDPR art. 5.1 e). Per district, from its member-care
/// settings: a former member — every membership ended more than <see cref="MemberCareSettings.FormerMemberRetentionDays"/>
/// ago, and no current or coming assignment — is erased, or minimised if they ever held an assignment; a
/// recruitment contact who has not joined within <see cref="MemberCareSettings.ProspectRetentionDays"/> of consenting
/// is erased. The candidates are found by the database and erased a batch at a time, each batch its own transaction,
/// so a district of 100,000 people never holds one long lock and a stop halfway leaves only finished batches.
/// </summary>
public static class RetentionRule
{
    public const string Scheduled = "schemalagd";

    public static async Task<RetentionCounts> PreviewAsync(DistriktDb db, Guid districtId, DateOnly today, CancellationToken ct)
    {
        var (units, settings) = await ScopeAsync(db, districtId, ct);
        var former = FormerMembers(db, units, today, settings.FormerMemberRetentionDays);
        var withHistory = await former.CountAsync(p => db.Set<Assignment>().Any(a => a.PersonId == p.Id), ct);
        var all = await former.CountAsync(ct);
        var prospects = await ExpiredProspects(db, units, today, settings.ProspectRetentionDays).CountAsync(ct);
        return new RetentionCounts(all - withHistory, withHistory, prospects);
    }

    /// <summary>Runs the rule in one district, records the run with its counts and an audit entry, and returns the run.</summary>
    public static async Task<RetentionRun> RunAsync(DistriktDb db, AuditLog audit, AuditActor actor, Guid districtId, DateOnly today, DateTimeOffset now,
        string startedBy, CancellationToken ct)
    {
        var (units, settings) = await ScopeAsync(db, districtId, ct);
        int erased = 0, minimised = 0, prospects = 0;
        while (true)
        {
            var batch = await FormerMembers(db, units, today, settings.FormerMemberRetentionDays)
                .OrderBy(p => p.Id).Take(PersonErasure.BatchSize)
                .Select(p => new { p.Id, History = db.Set<Assignment>().Any(a => a.PersonId == p.Id) })
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var done = await PersonErasure.ApplyAsync(db, batch.Where(b => !b.History).Select(b => b.Id).ToList(),
                batch.Where(b => b.History).Select(b => b.Id).ToList(), today, now, ct);
            await tx.CommitAsync(ct);
            erased += done.Erased;
            minimised += done.Minimised;
            // Someone appointed between the query and the transaction is skipped by ApplyAsync and would be found
            // again by the next query: stop rather than loop on them; the next run takes them if still due.
            if (done.Erased + done.Minimised == 0) break;
        }
        while (true)
        {
            var batch = await ExpiredProspects(db, units, today, settings.ProspectRetentionDays)
                .OrderBy(p => p.Id).Take(PersonErasure.BatchSize).Select(p => p.Id).ToListAsync(ct);
            if (batch.Count == 0) break;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await PersonErasure.EraseProspectsAsync(db, batch, today, now, ct);
            await tx.CommitAsync(ct);
            prospects += batch.Count;
        }

        var run = new RetentionRun { DistrictId = districtId, RanAt = now, Erased = erased, Minimised = minimised, ProspectsErased = prospects, StartedBy = startedBy };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, AuditAction.Delete, "Gallring", districtId.ToString(),
            $"Gallring enligt distriktets regel: {erased} tidigare medlemmar raderade, {minimised} minimerade, {prospects} rekryteringskontakter raderade", ct);
        return run;
    }

    /// <summary>Every district, for the daily run and the command line.</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> DistrictsAsync(DistriktDb db, CancellationToken ct) =>
        (await db.Set<Unit>().AsNoTracking().Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();

    private static async Task<(List<Guid> Units, MemberCareSettings Settings)> ScopeAsync(DistriktDb db, Guid districtId, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var units = directory.Subtree(districtId).Select(u => u.Id).ToList();
        return (units, await CareQueues.SettingsAsync(db, districtId, ct));
    }

    /// <summary>
    /// People who were members in the district and whose every membership (anywhere) ended before the cutoff, with no
    /// assignment that is current or still to come. Someone minimised before has no memberships left, so is not found again.
    /// </summary>
    private static IQueryable<Person> FormerMembers(DistriktDb db, List<Guid> units, DateOnly today, int days)
    {
        var cutoff = today.AddDays(-days);
        return db.Set<Person>().Where(p =>
            db.Set<Membership>().Any(m => m.PersonId == p.Id && units.Contains(m.UnitId))
            && !db.Set<Membership>().Any(m => m.PersonId == p.Id && (m.EndedOn == null || m.EndedOn >= cutoff))
            && !db.Set<Assignment>().Any(a => a.PersonId == p.Id && (a.EndsOn == null || a.EndsOn >= today)));
    }

    private static IQueryable<Prospect> ExpiredProspects(DistriktDb db, List<Guid> units, DateOnly today, int days)
    {
        var cutoff = today.AddDays(-days);
        return db.Set<Prospect>().Where(p => units.Contains(p.UnitId) && p.JoinedOn == null && p.ErasedOn == null && p.ConsentGivenOn < cutoff);
    }
}
