using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Infrastructure.Database;

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>For PostgreSQL; for SQLite, empty means the file distrikt.db in the data folder.</summary>
    public string ConnectionString { get; set; } = "";
}

public static class DatabaseSetup
{
    /// <summary>Registers the database of the configured provider as <see cref="DistriktDb"/>.</summary>
    public static IServiceCollection AddDistriktDatabase(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection("Distrikt:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException(
                    "Distrikt__Database__Provider=Postgres kräver en anslutningssträng i Distrikt__Database__ConnectionString.");
            }
            services.AddDbContextPool<PostgresDistriktDb>(o => ConfigurePostgres(o, options.ConnectionString));
            services.AddScoped<DistriktDb>(sp => sp.GetRequiredService<PostgresDistriktDb>());
        }
        else
        {
            var connectionString = SqliteConnectionString(options.ConnectionString, dataDirectory);
            services.AddDbContextPool<SqliteDistriktDb>(o => ConfigureSqlite(o, connectionString));
            services.AddScoped<DistriktDb>(sp => sp.GetRequiredService<SqliteDistriktDb>());
        }
        return services;
    }

    public static string SqliteConnectionString(string configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        Directory.CreateDirectory(dataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "distrikt.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(DistriktDb).Assembly.FullName))
         .AddInterceptors(new SqliteConnectionSetup(), new Features.Units.UnitDirectoryInvalidation());

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(TunePostgres(connectionString), s => s.MigrationsAssembly(typeof(DistriktDb).Assembly.FullName))
         .AddInterceptors(new Features.Units.UnitDirectoryInvalidation());

    /// <summary>
    /// Defaults for the pool unless the operator set them. EF opens and closes the connection around each query,
    /// and by default every close resets the session on the server (DISCARD ALL); the app keeps no session
    /// state (its one lock is transaction-scoped), so the reset is only cost. Auto-preparing the statements used
    /// most saves the server parsing and planning the same few queries on every page view. PostgreSQL's JIT
    /// compiler is turned off for the app's sessions: it starts on any statement its planner thinks dear (a
    /// district's 100,000 members read once by an import), and compiling took 320 ms of a 600 ms statement that runs
    /// in 125 ms without it; none of the app's statements gains from it. See decision 0019. The pool stops at 32
    /// connections instead of Npgsql's 100: in a rush of 2,000 registrations the requests waiting for their turn made
    /// the pool open a hundred connections, each a new PostgreSQL process with cold caches and statements planned
    /// again until auto-prepared (two to three times the database's CPU per registration); beyond a few dozen
    /// connections a small server only switches between them.
    /// </summary>
    public static string TunePostgres(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant();
        if (!given.Contains("no reset on close")) b.NoResetOnClose = true;
        if (!given.Contains("max auto prepare")) b.MaxAutoPrepare = 50;
        if (!given.Contains("options")) b.Options = "-c jit=off";
        if (!given.Contains("max pool size") && !given.Contains("maximum pool size") && !given.Contains("maxpoolsize")) b.MaxPoolSize = 32;
        return b.ConnectionString;
    }

    /// <summary>Creates the database if missing and applies every pending migration.</summary>
    public static async Task MigrateAsync(DistriktDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers go on while one request writes; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }
    }
}

/// <summary>Lets the EF tools build each provider's context when generating migrations.</summary>
public sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteDistriktDb>
{
    public SqliteDistriktDb CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteDistriktDb>().UseApplicationServiceProvider(DesignTimeServices.Identity);
        DatabaseSetup.ConfigureSqlite(b, "Data Source=design.db");
        return new SqliteDistriktDb(b.Options);
    }
}

public sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresDistriktDb>
{
    public PostgresDistriktDb CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresDistriktDb>().UseApplicationServiceProvider(DesignTimeServices.Identity);
        DatabaseSetup.ConfigurePostgres(b, "Host=localhost;Database=distrikt_design");
        return new PostgresDistriktDb(b.Options);
    }
}

/// <summary>
/// Identity reads its schema version (version 3 adds passkeys) from the app's services; the design-time
/// factories get the same setting so generated migrations match the running app.
/// </summary>
internal static class DesignTimeServices
{
    public static readonly IServiceProvider Identity = new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}
