using Distrikt;
using Distrikt.Cli;

// One executable: with a verb it is the command-line tool, without one it is the web app.
if (args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('='))
{
    return await CommandLine.RunAsync(args);
}

var app = DistriktApp.Build(args);
await app.StartAsync();
DistriktApp.PrintWelcome(app);
await app.WaitForShutdownAsync();
return 0;

/// <summary>Lets the test host find the entry point.</summary>
public partial class Program;
