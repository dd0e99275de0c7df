using Distrikt.Cli;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Cli;

/// <summary>The verbs' contract with scripts: usage on bad input, exit codes as documented.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (await CommandLine.RunAsync(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("audit")]
    [InlineData("audit", "repair")]
    [InlineData("seed-demo", "--members", "many")]
    [InlineData("seed-demo", "--members", "200001")]
    [InlineData("seed-demo", "--members")]
    [InlineData("seed-demo", "--people", "5")]
    [InlineData("create-admin")]
    [InlineData("create-admin", "--email", "inte-en-adress")]
    public async Task Unknown_verbs_and_bad_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (code, _, err) = await RunAsync(args);
        Assert.Equal(CommandLine.Usage, code);
        Assert.Contains("Användning:", err);
    }

    [Fact]
    public async Task Help_lists_every_verb_and_the_exit_codes()
    {
        var (code, output, _) = await RunAsync("help");
        Assert.Equal(CommandLine.Ok, code);
        foreach (var verb in new[] { "migrate", "seed-demo", "create-admin", "audit verify", "Slutkoder" })
            Assert.Contains(verb, output);
    }
}
