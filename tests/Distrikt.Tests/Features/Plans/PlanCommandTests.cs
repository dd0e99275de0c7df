using Distrikt.Cli;
using Distrikt.Features.Plans;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Plans;

/// <summary><c>plan import</c> against a demo database of its own, on the provider of the run.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class PlanCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task The_command_prints_the_sections_and_goals_saves_the_plan_and_names_what_it_refuses()
    {
        Assert.Equal(CommandLine.Ok, (await _cli.RunAsync("seed-demo", "--members", "50")).Code);
        Directory.CreateDirectory(_cli.DataDirectory);
        var file = Path.Combine(_cli.DataDirectory, "verksamhetsplan-2031.md");
        await File.WriteAllTextAsync(file, PlanTests.Adopted);

        var dry = await _cli.RunAsync("plan", "import", file, "--year", "2031", "--dry-run");
        Assert.Equal(CommandLine.Ok, dry.Code);
        Assert.Contains("Övergripande uppgifter: 2 mål, 2 aktiviteter", dry.Out);
        Assert.Contains("Specifika mål för 2031: 2 mål", dry.Out);
        Assert.Contains("ingenting har sparats", dry.Out);
        Assert.False(await _cli.QueryAsync(db => db.Set<OperationalPlan>().AnyAsync(p => p.Year == 2031)));

        var run = await _cli.RunAsync("plan", "import", file, "--year", "2031");
        Assert.Equal(CommandLine.Ok, run.Code);
        var saved = await _cli.QueryAsync(db => db.Set<OperationalPlan>().Include(p => p.Goals).SingleAsync(p => p.Year == 2031));
        Assert.Equal(2031, saved.Year);
        Assert.NotNull(saved.ConfirmedAt);
        Assert.Equal(4, saved.Goals.Count);

        Assert.Equal(CommandLine.Failed, (await _cli.RunAsync("plan", "import", file, "--year", "2031")).Code);
        var old = await _cli.RunAsync("plan", "import", file, "--year", "1850");
        Assert.Equal(CommandLine.Usage, old.Code);
        Assert.Contains("mellan 2000 och 2100", old.Err);
        var fake = Path.Combine(_cli.DataDirectory, "plan.docx");
        await File.WriteAllTextAsync(fake, "ingen docx");
        var refused = await _cli.RunAsync("plan", "import", fake, "--year", "2032");
        Assert.Equal(CommandLine.FileRefused, refused.Code);
        Assert.Contains("inget Word-dokument", refused.Err);
        Assert.False(await _cli.QueryAsync(db => db.Set<OperationalPlan>().AnyAsync(p => p.Year == 1850 || p.Year == 2032)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cli.DisposeAsync();
}
