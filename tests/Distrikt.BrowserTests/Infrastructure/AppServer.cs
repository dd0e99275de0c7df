using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Playwright;

namespace Distrikt.BrowserTests.Infrastructure;

/// <summary>
/// The real app as its own process (<c>dotnet Distrikt.dll</c>), the way an installation runs it, in demo mode on a
/// fresh SQLite database, plus one headless Debian Chromium driven by Playwright. Started once per test run:
/// migrating and seeding the demo district is the slow part.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private IPlaywright? _playwright;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "distrikt-browser-tests", Guid.NewGuid().ToString("N"));
    public string MailFolder => Path.Combine(DataDirectory, "mail");
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The folder holding Distrikt.slnx: found by walking up from the tests, or from where they were built.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task InitializeAsync()
    {
        // The browser starts while the app migrates and seeds: both take seconds.
        var browser = StartBrowserAsync();
        try
        {
            // The app's own output folder is the content root; in Development its static web assets manifest maps
            // wwwroot back to the source folder. If that ever fails, the source project itself is the content root.
            var started = await StartAppAsync(AppContext.BaseDirectory);
            if (!started)
            {
                await StopAppAsync();
                started = await StartAppAsync(Path.Combine(RepositoryRoot, "src", "Distrikt"));
            }
            if (!started) throw new InvalidOperationException($"Appen svarar på /health men hittar inte /css/site.css.\n{Output}");
            Browser = await browser;
        }
        catch
        {
            // A failed start must leave no app or browser process behind; disposing twice is harmless.
            try { await browser; } catch (Exception) { }
            await DisposeAsync();
            throw;
        }
    }

    private async Task<IBrowser> StartBrowserAsync()
    {
        // Playwright's driver (node and its package) ships in the NuGet package; the browser is Debian's, never a download.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--lang=sv-SE"],
        });
    }

    /// <summary>Starts the app and waits for /health; returns whether its static files are served too.</summary>
    private async Task<bool> StartAppAsync(string contentRoot)
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var appDll = Path.Combine(AppContext.BaseDirectory, "Distrikt.dll");
        var start = new ProcessStartInfo(DotnetHost(), [appDll, "--urls", BaseUrl, "--contentRoot", contentRoot])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_CONTENTROOT"] = contentRoot;
        start.Environment["Distrikt__DataDirectory"] = DataDirectory;
        start.Environment["Distrikt__DemoMode"] = "true";
        start.Environment["Distrikt__DemoMembers"] = "300";
        start.Environment["Distrikt__SignIn__AttemptsPerMinute"] = "100000";
        // Whatever the surrounding shell says about the database or the address, this app is on its own SQLite file.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Distrikt__Database__Provider");
        start.Environment.Remove("Distrikt__Database__ConnectionString");

        _process = Process.Start(start) ?? throw new InvalidOperationException("Kunde inte starta appen.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Appen avslutades med kod {_process.ExitCode} innan den svarade.\n{Output}");
            if (deadline.Elapsed > StartTimeout)
                throw new TimeoutException($"Appen svarade inte på /health inom {StartTimeout.TotalSeconds} s.\n{Output}");
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        using var css = await http.GetAsync("/css/site.css");
        return css.StatusCode == HttpStatusCode.OK;
    }

    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <summary>A fresh browser context (own cookies) and a page in it; Swedish, with short timeouts so a missing element fails fast.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            Locale = "sv-SE",
            TimezoneId = "Europe/Stockholm",
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        _playwright = null;
        await StopAppAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task StopAppAsync()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { }
        catch (TimeoutException) { }
        _process.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs these tests, so the app runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static string FindRepositoryRoot()
    {
        static string? WalkUp(string? start)
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Distrikt.slnx"))) return dir.FullName;
            }
            return null;
        }
        // With --artifacts-path the tests run far from the source tree; the build records where the project was.
        var recorded = typeof(AppServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        return WalkUp(AppContext.BaseDirectory) ?? WalkUp(recorded) ?? WalkUp(Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("Hittar inte mappen med Distrikt.slnx.");
    }
}

/// <summary>One app and one browser for every browser test.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServer>
{
    public const string Name = "browser";
}
