using Distrikt.Cli;
using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Cli;

/// <summary>The verbs against a database of their own, on the provider of the run.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineDatabaseTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "distrikt-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = TestDatabase.IsPostgres ? TestDatabase.NewPostgresDatabase() : null;

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?> { ["Distrikt:DataDirectory"] = _dataDirectory };
        if (_postgres is not null)
        {
            settings["Distrikt:Database:Provider"] = "Postgres";
            settings["Distrikt:Database:ConnectionString"] = _postgres;
        }
        return settings;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await CommandLine.RunAsync(args, Settings()), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    private async Task<T> QueryAsync<T>(Func<DistriktDb, Task<T>> query)
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
            DatabaseSetup.ConfigureSqlite(b, DatabaseSetup.SqliteConnectionString("", _dataDirectory));
            db = new SqliteDistriktDb(b.Options);
        }
        await using (db) return await query(db);
    }

    [Fact]
    public async Task Migrate_is_idempotent_and_creates_the_standard_assignment_types()
    {
        var first = await RunAsync("migrate");
        Assert.Equal(CommandLine.Ok, first.Code);
        Assert.Contains("migrerad", first.Out);
        var second = await RunAsync("migrate");
        Assert.Equal(CommandLine.Ok, second.Code);
        Assert.Contains("redan aktuell", second.Out);
        var types = await QueryAsync(db => db.Set<AssignmentType>().Select(t => t.Name).ToListAsync());
        Assert.Contains("Ombudsman", types);
        Assert.Contains("Kontakt med Ung Vänster", types);
    }

    [Fact]
    public async Task Create_admin_gives_a_staff_account_once()
    {
        var (code, output, _) = await RunAsync("create-admin", "--email", "kim.berg@prov.test", "--first-name", "Kim", "--last-name", "Berg");
        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("ombudsman", output);
        var held = await QueryAsync(db => db.Set<Assignment>().Where(a => a.Person!.Email == "kim.berg@prov.test")
            .Select(a => a.AssignmentType!.Key).ToListAsync());
        Assert.Equal([StandardAssignmentTypes.Ombudsman], held);
        Assert.True(await QueryAsync(db => db.Users.AnyAsync(u => u.Email == "kim.berg@prov.test" && !u.IsDemo)));

        var again = await RunAsync("create-admin", "--email", "kim.berg@prov.test");
        Assert.Equal(CommandLine.Failed, again.Code);
        Assert.Contains("finns redan", again.Err);
        Assert.Equal(1, await QueryAsync(db => db.Set<Person>().CountAsync(p => p.Email == "kim.berg@prov.test")));
    }

    [Fact]
    public async Task Seed_demo_fills_an_empty_database_with_progress_and_refuses_a_second_time()
    {
        var (code, output, _) = await RunAsync("seed-demo", "--members", "250");
        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("100 %", output.Replace("\u00a0", " "));
        Assert.Contains("250 medlemmar", output);
        // 250 generated members plus the demo accounts' people and the board members.
        Assert.True(await QueryAsync(db => db.Set<Membership>().CountAsync()) > 250);
        Assert.Equal(4, await QueryAsync(db => db.Users.CountAsync(u => u.IsDemo)));

        var again = await RunAsync("seed-demo", "--members", "10");
        Assert.Equal(CommandLine.Failed, again.Code);
        Assert.Contains("innehåller redan", again.Err);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null) await TestDatabase.DropPostgresDatabaseAsync(_postgres);
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
