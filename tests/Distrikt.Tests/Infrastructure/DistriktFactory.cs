using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP on the real database of the run (SQLite file or PostgreSQL), in demo mode with a
/// small demo district. Each factory has its own data folder and database.
/// </summary>
public class DistriktFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "distrikt-tests", Guid.NewGuid().ToString("N"));
    public string? PostgresConnectionString { get; } = TestDatabase.IsPostgres ? TestDatabase.NewPostgresDatabase() : null;

    /// <summary>Extra settings for one factory, e.g. a low sign-in rate limit.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public string MailFolder => Path.Combine(DataDirectory, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Distrikt:DataDirectory", DataDirectory);
        builder.UseSetting("Distrikt:DemoMode", "true");
        builder.UseSetting("Distrikt:DemoMembers", "120");
        builder.UseSetting("Distrikt:SignIn:AttemptsPerMinute", "100000");
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Distrikt:Database:Provider", "Postgres");
            builder.UseSetting("Distrikt:Database:ConnectionString", PostgresConnectionString);
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        // In production other sessions notice "sign out everywhere" within a minute; tests check at once.
        builder.ConfigureServices(s => s.Configure<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }

    public async Task<T> WithDbAsync<T>(Func<DistriktDb, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DistriktDb>(), scope.ServiceProvider);
    }

    public async Task WithDbAsync(Func<DistriktDb, IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<DistriktDb>(), scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (PostgresConnectionString is not null) await TestDatabase.DropPostgresDatabaseAsync(PostgresConnectionString);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>One app shared by every integration test class: starting it (migrate + seed) is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<DistriktFactory>
{
    public const string Name = "app";
}
