using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Erasure;

/// <summary>
/// Runs the retention rule once a day in every district. It checks every hour whether a district has gone a day
/// without a run, so a restart neither skips a day nor runs twice, and a run started by hand counts as the day's.
/// Only counts reach the log. In demo mode the daily run is off unless <c>Distrikt:Retention:Daily</c> turns it on:
/// the demo district is invented data that staff explore with "Kör nu", and several app instances may share it.
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RetentionJob> log, IConfiguration configuration, DistriktOptions options)
    : BackgroundService
{
    public const string DailySetting = "Distrikt:Retention:Daily";

    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public static readonly TimeSpan RunEvery = TimeSpan.FromDays(1);

    /// <summary>Runs the rule in each district whose last run is a day old or more; returns the runs made.</summary>
    public async Task<IReadOnlyList<RetentionRun>> RunDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var now = clock.GetUtcNow();
        var runs = new List<RetentionRun>();
        foreach (var (districtId, _) in await RetentionRule.DistrictsAsync(db, ct))
        {
            var last = await db.Set<RetentionRun>().AsNoTracking().Where(r => r.DistrictId == districtId)
                .OrderByDescending(r => r.RanAt).Select(r => (DateTimeOffset?)r.RanAt).FirstOrDefaultAsync(ct);
            if (last is { } at && now - at < RunEvery) continue;
            var run = await RetentionRule.RunAsync(db, audit, new AuditActor(null, "Gallring (schemalagd)", null), districtId,
                SwedishFormat.Today(clock), now, RetentionRule.Scheduled, ct);
            log.LogInformation("Retention rule: {Erased} erased, {Minimised} minimised, {Prospects} recruitment contacts erased",
                run.Erased, run.Minimised, run.ProspectsErased);
            runs.Add(run);
        }
        return runs;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(DailySetting, !options.DemoMode)) return;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may still be migrating at start, or briefly away; the next tick tries again.
                log.LogWarning(ex, "Could not run the retention rule");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
