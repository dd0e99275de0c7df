using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Every minute: offers from the waiting list that ran out pass to the next in line (who is told by e-mail), reminders
/// go out the set hours before a gathering, and organisers get the final numbers when registration closes. Every
/// hour: answers marked sensitive, and the children's needs, are erased once the gathering is the set number of days
/// past — organisers needed them for the day, not after.
/// </summary>
public sealed class GatheringJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GatheringJob> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastErasure = DateTimeOffset.MinValue;

    /// <summary>One pass of both duties; returns the offers made and the registrations whose sensitive answers were erased.</summary>
    public async Task<(int Offers, int Erased, int Reminders)> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        var now = clock.GetUtcNow();
        var offers = await Registrations.ExpireOffersAsync(db, now, ct);
        foreach (var group in offers.GroupBy(o => o.GatheringId))
        {
            var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).FirstAsync(x => x.Id == group.Key, ct);
            await GatheringMail.SendOffersAsync(scope.ServiceProvider, g, group.Select(o => o.Offer).ToList(), ct);
        }
        var reminders = await GatheringMail.SendDueRemindersAsync(scope.ServiceProvider, now, ct)
            + await GatheringMail.SendDeadlineNoticesAsync(scope.ServiceProvider, now, ct);
        var erased = 0;
        if (now - _lastErasure >= TimeSpan.FromHours(1))
        {
            erased = await EraseSensitiveAsync(db, now, ct);
            _lastErasure = now;
        }
        if (offers.Count > 0 || erased > 0 || reminders > 0)
            log.LogInformation("Gatherings: {Offers} seats offered from waiting lists, {Reminders} reminders and notices sent, sensitive answers erased for {Erased} registrations", offers.Count, reminders, erased);
        return (offers.Count, erased, reminders);
    }

    /// <summary>Erases sensitive answers and childcare needs of gatherings that ended their kept days ago.</summary>
    public static async Task<int> EraseSensitiveAsync(DistriktDb db, DateTimeOffset now, CancellationToken ct)
    {
        var ended = await db.Set<Gathering>().AsNoTracking()
            .Select(g => new { g.Id, g.SensitiveAnswersKeptDays, Ends = g.Sessions.Max(s => (DateTimeOffset?)s.EndsAt) })
            .ToListAsync(ct);
        var due = ended.Where(g => g.Ends is { } e && e.AddDays(g.SensitiveAnswersKeptDays) < now).Select(g => g.Id).ToList();
        if (due.Count == 0) return 0;
        var sensitive = db.Set<GatheringQuestion>().Where(q => due.Contains(q.GatheringId) && q.Sensitive).Select(q => q.Id);
        var answers = await db.Set<RegistrationAnswer>().Where(a => sensitive.Contains(a.QuestionId)).ExecuteDeleteAsync(ct);
        var needs = await db.Set<Registration>().Where(r => due.Contains(r.GatheringId) && r.ChildcareNeeds != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ChildcareNeeds, (string?)null), ct);
        return answers + needs;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may still be migrating at start, or briefly away; the next tick tries again.
                log.LogWarning(ex, "Could not run the gatherings' waiting lists and erasure");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
