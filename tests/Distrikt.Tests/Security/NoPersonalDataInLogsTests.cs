using System.Collections.Concurrent;
using Distrikt.Features.Assignments;
using Distrikt.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distrikt.Tests.Security;

/// <summary>Collects everything the app logs, with the app's own log levels, so a test can look for personal data in it.</summary>
public sealed class LogCapturingFactory : DistriktFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(new CapturingProvider(Lines)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

[Trait("Category", "Integration")]
public sealed class NoPersonalDataInLogsTests : IClassFixture<LogCapturingFactory>
{
    private readonly LogCapturingFactory _factory;
    public NoPersonalDataInLogsTests(LogCapturingFactory factory) => _factory = factory;

    [Fact]
    public async Task Signing_in_and_working_leaves_no_names_addresses_or_tokens_in_the_log()
    {
        var email = await _factory.PersonWithAccountAsync("Vänsterpartiet Knivsta", StandardAssignmentTypes.Chair, firstName: "Loggvakt", lastName: "Hemligsson");
        using var client = new AppClient(_factory);
        var link = await client.RequestLinkAsync(email);
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        await client.SignInWithLinkAsync(email);
        var knivsta = await _factory.UnitIdAsync("Vänsterpartiet Knivsta");
        foreach (var url in new[] { "/", "/konto", $"/enheter/{knivsta}", $"/enheter/{knivsta}/uppdrag/nytt?sok=Hemlig",
                     $"/enheter/{knivsta}/medlemmar?q=Hemlig", $"/enheter/{knivsta}/medlemmar?q=Hemlig&handler=Csv", "/medlemmar", "/api/me", "/finns-inte" })
        {
            await client.Http.GetAsync(url);
        }
        await client.SubmitAsync("/konto", "form.sign-out");

        var log = string.Join('\n', _factory.Lines);
        Assert.NotEmpty(_factory.Lines);
        Assert.DoesNotContain(email, log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Hemligsson", log);
        Assert.DoesNotContain(token, log);
        Assert.DoesNotContain("@demo.distrikt.test", log);
    }
}
