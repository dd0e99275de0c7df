using Distrikt.Cli;
using Distrikt.Features.Erasure;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Erasure;

/// <summary><c>members retention</c> against a demo database of its own, on the provider of the run.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class RetentionCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _cli.RunAsync(args);

    private Task<T> QueryAsync<T>(Func<DistriktDb, Task<T>> query) => _cli.QueryAsync(query);

    [Fact]
    public async Task Dry_run_counts_without_erasing_and_the_real_run_erases_the_same_and_records_it()
    {
        Assert.Equal(CommandLine.Ok, (await RunAsync("seed-demo", "--members", "300")).Code);
        var people = await QueryAsync(db => db.Set<Person>().CountAsync());

        var dry = await RunAsync("members", "retention", "--dry-run");
        Assert.Equal(CommandLine.Ok, dry.Code);
        Assert.Contains("Vänsterpartiet Uppsala län:", dry.Out);
        Assert.Contains("skulle raderas", dry.Out);
        Assert.Contains("ingenting har raderats", dry.Out);
        Assert.Equal(people, await QueryAsync(db => db.Set<Person>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<RetentionRun>().CountAsync()));
        var due = int.Parse(System.Text.RegularExpressions.Regex.Match(dry.Out, @": (\d+) tidigare medlemmar skulle raderas").Groups[1].Value);
        Assert.True(due > 0, "Demodistriktet har tidigare medlemmar som lämnade för länge sedan.");

        var real = await RunAsync("members", "retention", "--district", "Vänsterpartiet Uppsala län");
        Assert.Equal(CommandLine.Ok, real.Code);
        Assert.Contains($": {due} tidigare medlemmar raderade", real.Out);
        var run = await QueryAsync(db => db.Set<RetentionRun>().SingleAsync());
        Assert.Equal((due, "kommandoraden"), (run.Erased, run.StartedBy));
        Assert.Equal(people - due, await QueryAsync(db => db.Set<Person>().CountAsync()));

        var after = await RunAsync("members", "retention", "--dry-run");
        Assert.Contains(": 0 tidigare medlemmar skulle raderas, 0 skulle minimeras", after.Out);
    }

    [Fact]
    public async Task Help_documents_the_verb_and_an_unknown_district_is_a_usage_error()
    {
        var help = await RunAsync("help");
        Assert.Contains("members retention [--dry-run]", help.Out);
        Assert.Equal(CommandLine.Ok, (await RunAsync("migrate")).Code);
        Assert.Equal(CommandLine.Ok, (await RunAsync("seed-demo", "--members", "0")).Code);
        var wrong = await RunAsync("members", "retention", "--district", "Finns inte");
        Assert.Equal(CommandLine.Usage, wrong.Code);
        Assert.Contains("Inget distrikt heter så", wrong.Err);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cli.DisposeAsync();
}
