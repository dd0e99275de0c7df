using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.RegisterImport;

/// <summary>
/// Removes uploaded exports nobody applied or discarded once they are a day old. An upload holds the whole
/// register (GDPR art. 5.1 e: kept no longer than needed), and without this it would wait for the next upload.
/// </summary>
public sealed class RegisterUploadCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RegisterUploadCleanup> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        var cutoff = clock.GetUtcNow() - UploadModel.UploadLifetime;
        return await db.Set<RegisterUpload>().Where(u => u.UploadedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var removed = await RemoveExpiredAsync(stoppingToken);
                if (removed > 0) log.LogInformation("Removed {Count} register uploads older than a day", removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may still be migrating at start, or briefly away; the next tick tries again.
                log.LogWarning(ex, "Could not remove old register uploads");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

