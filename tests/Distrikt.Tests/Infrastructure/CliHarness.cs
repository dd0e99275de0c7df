using Distrikt.Cli;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Infrastructure;

/// <summary>
/// Runs the command-line verbs against a database of their own (a temp folder for SQLite, a fresh database on the
/// run's PostgreSQL), capturing what they print; and reads that database back to check what they did.
/// Tests using it belong to <see cref="ConsoleCollection"/>, since the console is process-wide.
/// </summary>
public sealed class CliHarness : IAsyncDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "distrikt-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = TestDatabase.IsPostgres ? TestDatabase.NewPostgresDatabase() : null;

    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?> { ["Distrikt:DataDirectory"] = DataDirectory };
        if (_postgres is not null)
        {
            settings["Distrikt:Database:Provider"] = "Postgres";
            settings["Distrikt:Database:ConnectionString"] = _postgres;
        }
        return settings;
    }

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await CommandLine.RunAsync(args, Settings()), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    public async Task<T> QueryAsync<T>(Func<DistriktDb, Task<T>> query)
    {
        DistriktDb db;
        if (_postgres is not null)
        {
            var b = new DbContextOptionsBuilder<PostgresDistriktDb>();
            DatabaseSetup.ConfigurePostgres(b, _postgres);
            db = new PostgresDistriktDb(b.Options);
        }
        else
        {
            var b = new DbContextOptionsBuilder<SqliteDistriktDb>();
            DatabaseSetup.ConfigureSqlite(b, DatabaseSetup.SqliteConnectionString("", DataDirectory));
            db = new SqliteDistriktDb(b.Options);
        }
        await using (db) return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null) await TestDatabase.DropPostgresDatabaseAsync(_postgres);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
