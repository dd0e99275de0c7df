using Distrikt.Features.Demo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// Before the app takes requests: create and migrate the database, and in demo mode seed the demo district
/// the first time. Runs as a hosted service so the test host gets the same start as <c>dotnet run</c>.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, DistriktOptions options, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        await DatabaseSetup.MigrateAsync(db, cancellationToken);
        if (options.DemoMode)
        {
            var members = configuration.GetValue("Distrikt:DemoMembers", DemoSeeder.DefaultMembers);
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(members, progress: null, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Reports only whether the database answers; the health endpoint carries no data.</summary>
public sealed class DatabaseHealthCheck(DistriktDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy();
}
