using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Distrikt.Features.Accounts;
using Distrikt.Features.Gatherings;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Bench.Registration;

/// <summary>
/// bench/registration.sh's two halves. <c>setup</c>: with the app's own services against the bench database, a gathering
/// for all members of the demo district (and small ones to warm up on) and sign-in accounts for N members with an
/// e-mail address. <c>run</c>: signs every account in through the real e-mail link flow, then fires one registration per
/// account over loopback, spread evenly over the given seconds, and checks the outcome in the database.
/// Configuration (database, data folder) comes from the same Distrikt__* environment variables as the app's.
/// </summary>
public static partial class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int WarmupGatherings = 5;

    // An explicit entry point: top-level statements would declare a second global Program next to Distrikt's.
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "setup" => await SetupAsync(args[1..]),
                "run" => await RunAsync(args[1..]),
                _ => Usage(),
            };
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"registration bench: {e}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: setup <accounts> <capacity> <emails-file>  |  run <base-url> <emails-file> <mail-folder> <seconds> <max-connections>");
        return 2;
    }

    private static WebApplication Services()
    {
        var builder = WebApplication.CreateBuilder([]);
        DistriktApp.AddServices(builder);
        return builder.Build();
    }

    private static async Task<int> SetupAsync(string[] args)
    {
        var accounts = int.Parse(args[0], Inv);
        var capacity = int.Parse(args[1], Inv);
        var emailsFile = args[2];
        await using var app = Services();
        var clock = Stopwatch.StartNew();
        Guid districtId;
        List<(Guid PersonId, string Email)> chosen;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
            districtId = await db.Set<Unit>().AsNoTracking().Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync();
            var today = SwedishFormat.Today(TimeProvider.System);
            var taken = (await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null).Select(u => u.NormalizedEmail!).ToListAsync()).ToHashSet();
            var candidates = await db.Set<Person>().AsNoTracking()
                .Where(p => p.Email != null && p.Email != "")
                .Where(p => db.Set<Membership>().Any(m => m.PersonId == p.Id && m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)))
                .Where(p => !db.Users.Any(u => u.PersonId == p.Id))
                // Assignment holders have rights and must sign in with a second factor; the rush is of ordinary members.
                .Where(p => !db.Set<Distrikt.Features.Assignments.Assignment>().Any(a => a.PersonId == p.Id))
                .OrderBy(p => p.Id).Select(p => new { p.Id, p.Email }).Take(accounts * 3).ToListAsync();
            chosen = [];
            foreach (var c in candidates)
            {
                if (chosen.Count == accounts) break;
                if (taken.Add(c.Email!.Trim().ToUpperInvariant())) chosen.Add((c.Id, c.Email!.Trim()));
            }
            if (chosen.Count < accounts) throw new InvalidOperationException($"only {chosen.Count} current members with a distinct e-mail address and no account; seed more members");

            DateTimeOffset now = DateTimeOffset.UtcNow;
            Gathering New(string title, int cap)
            {
                var g = new Gathering
                {
                    Type = GatheringType.Conference, Title = title, Description = "Skapad av bench/registration.sh.", UnitId = districtId,
                    Invitation = Invitation.Members, Capacity = cap, RegistrationDeadline = now.AddDays(7), Address = "Uppsala konsert & kongress",
                };
                g.Sessions.Add(new GatheringSession { GatheringId = g.Id, Order = 1, StartsAt = now.AddDays(14), EndsAt = now.AddDays(14).AddHours(6) });
                return g;
            }
            var main = New("Distriktsårsmöte", capacity);
            var warmups = Enumerable.Range(1, WarmupGatherings).Select(i => New($"Uppvärmning inför årsmötet {i}", Math.Max(1, capacity / 5))).ToList();
            db.Add(main);
            db.AddRange(warmups);
            await db.SaveChangesAsync();
            Console.WriteLine($"gathering {main.Id} (capacity {capacity}); {warmups.Count} warm-up gatherings (capacity {warmups[0].Capacity} each)");
            await File.WriteAllLinesAsync(emailsFile + ".gatherings", [main.Id.ToString(), .. warmups.Select(w => w.Id.ToString())]);
        }

        // The accounts, through Identity's UserManager as the app creates them; a fresh scope per hundred keeps the change tracker small.
        foreach (var chunk in chosen.Chunk(100))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            foreach (var (personId, email) in chunk)
            {
                var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, PersonId = personId });
                if (!result.Succeeded) throw new InvalidOperationException($"{email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }
        await File.WriteAllLinesAsync(emailsFile, chosen.Select(c => c.Email));
        Console.WriteLine($"{chosen.Count} accounts for current members with an e-mail address, in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>One member's browser: its cookies, kept by hand so that one connection pool serves every member.</summary>
    private sealed class Member(string email)
    {
        public string Email { get; } = email;
        public Dictionary<string, string> Cookies { get; } = [];
        public string? Token { get; set; }
        public string? Link { get; set; }

        public async Task<(HttpStatusCode Status, string Body, string? Location)> SendAsync(HttpClient http, HttpMethod method, string url, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            using var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var sc in setCookies)
                {
                    var pair = sc.Split(';', 2)[0];
                    var eq = pair.IndexOf('=');
                    var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                    if (value.Length == 0 || sc.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                    else Cookies[name] = value;
                }
            }
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
        }
    }

    /// <summary>So that the statements the script prints afterwards are the rush's alone (PostgreSQL with pg_stat_statements).</summary>
    private static async Task ResetStatementStatisticsAsync()
    {
        await using var app = Services();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        if (db.Provider != DatabaseProvider.Postgres) return;
        try { await db.Database.ExecuteSqlRawAsync("SELECT pg_stat_statements_reset()"); }
        catch (Npgsql.PostgresException) { /* the extension is not there: the figures then cover the whole run */ }
    }

    private sealed record CpuTicks(double App, double Db, double Client, double Busy, double Total, double Hz);

    /// <summary>
    /// CPU used so far, in clock ticks, from /proc: the app (BENCH_APP_PID), PostgreSQL (BENCH_PG_PID, the postmaster: its
    /// live backends and what its exited children used), this client, and the whole machine. Null when not given.
    /// </summary>
    private static CpuTicks? CpuNow()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("BENCH_APP_PID"), out var app) || !int.TryParse(Environment.GetEnvironmentVariable("BENCH_PG_PID"), out var pg)) return null;
        var hz = double.TryParse(Environment.GetEnvironmentVariable("BENCH_CLK_TCK"), Inv, out var h) ? h : 100;
        static string[]? Stat(string pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                return text[(text.LastIndexOf(')') + 2)..].Split(' '); // [0] is field 3 (state)
            }
            catch (IOException) { return null; }
        }
        static double Own(string[] f) => double.Parse(f[11], Inv) + double.Parse(f[12], Inv);
        static double Reaped(string[] f) => double.Parse(f[13], Inv) + double.Parse(f[14], Inv);
        var db = Stat(pg.ToString(Inv)) is { } pm ? Own(pm) + Reaped(pm) : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!name.All(char.IsAsciiDigit) || Stat(name) is not { } f || f[1] != pg.ToString(Inv)) continue;
            db += Own(f);
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, Inv)).ToArray();
        var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
        var total = busy + cpu[3] + cpu[4];
        var client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * hz;
        return new CpuTicks(Stat(app.ToString(Inv)) is { } a ? Own(a) : 0, db, client, busy, total, hz);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"https?://\S+?(/logga-in/lank\?token=[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private static string TokenOf(string html, string what) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no antiforgery token on {what}");

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> body) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await body(item));

    private static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = args[0].TrimEnd('/');
        var emailsFile = args[1];
        var mailFolder = args[2];
        var seconds = double.Parse(args[3], Inv);
        var maxConnections = int.Parse(args[4], Inv);
        var gatherings = (await File.ReadAllLinesAsync(emailsFile + ".gatherings")).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
        var (gatheringId, warmupIds) = (gatherings[0], gatherings[1..]);
        var members = (await File.ReadAllLinesAsync(emailsFile)).Where(l => l.Length > 0).Select(e => new Member(e)).ToList();
        var byEmail = members.ToDictionary(m => m.Email, StringComparer.OrdinalIgnoreCase);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

        // 1. Every member asks for a sign-in link on /logga-in, as in a browser: the form, then the e-mail address.
        var clock = Stopwatch.StartNew();
        await ForEachAsync(members, 8, async m =>
        {
            var (_, page, _) = await m.SendAsync(http, HttpMethod.Get, "/logga-in");
            var (status, _, _) = await m.SendAsync(http, HttpMethod.Post, "/logga-in",
                new() { ["email"] = m.Email, ["returnUrl"] = "", ["__RequestVerificationToken"] = TokenOf(page, "/logga-in") });
            if (status != HttpStatusCode.Redirect) throw new InvalidOperationException($"asking for a link for {m.Email} answered {(int)status}");
        });
        var asked = clock.Elapsed;

        // 2. The links from the mails the app wrote to its pickup folder (no SMTP server configured).
        for (var attempt = 0; attempt < 100 && members.Any(m => m.Link is null); attempt++)
        {
            foreach (var file in Directory.Exists(mailFolder) ? Directory.GetFiles(mailFolder, "*.eml") : [])
            {
                var message = await MimeKit.MimeMessage.LoadAsync(file);
                var to = message.To.Mailboxes.FirstOrDefault()?.Address;
                if (to is not null && byEmail.TryGetValue(to, out var m) && m.Link is null && LinkPattern().Match(message.TextBody ?? "") is { Success: true } link)
                {
                    m.Link = link.Groups[1].Value;
                }
            }
            if (members.Any(m => m.Link is null)) await Task.Delay(100);
        }
        if (members.Count(m => m.Link is null) is var missing and > 0) throw new InvalidOperationException($"{missing} sign-in mails not found in {mailFolder}");

        // 3. Each opens the link, presses the button, and opens the gathering's page (the antiforgery token of its form).
        await ForEachAsync(members, 8, async m =>
        {
            var (_, confirm, _) = await m.SendAsync(http, HttpMethod.Get, m.Link!);
            var (status, _, location) = await m.SendAsync(http, HttpMethod.Post, m.Link!,
                new() { ["token"] = m.Link![(m.Link!.IndexOf("token=", StringComparison.Ordinal) + 6)..], ["__RequestVerificationToken"] = TokenOf(confirm, "the link's page") });
            if (status != HttpStatusCode.Redirect || location != "/") throw new InvalidOperationException($"the sign-in link of {m.Email} answered {(int)status} {location}");
            var (pageStatus, page, _) = await m.SendAsync(http, HttpMethod.Get, $"/traffar/{gatheringId}");
            if (pageStatus != HttpStatusCode.OK || !page.Contains("handler=Register", StringComparison.Ordinal))
                throw new InvalidOperationException($"/traffar/{gatheringId} for {m.Email}: {(int)pageStatus}, no registration form");
            m.Token = TokenOf(page, "the gathering's page");
        });
        var signedIn = clock.Elapsed;
        Console.WriteLine($"{members.Count} members signed in by e-mail link: links asked for in {asked.TotalSeconds:0.0} s, " +
                          $"opened and the gathering's page fetched in {(signedIn - asked).TotalSeconds:0.0} s");

        // 4. Warm-up (JIT, pools): a fifth of the members register for each warm-up gathering, 32 at a time — as many
        // registrations as the rush, and enough at once that the code run only when requests wait for each other is
        // compiled too (at 8 at a time the JIT still took a quarter of the app's CPU in the rush). A sign-in cookie's
        // security stamp is checked again once the cookie is a minute old (most members' are in the rush): the last
        // rounds come after a minute's pause, so that this path is warm too. Only a fifth of the members, so that the
        // others' cookies are as old in the rush as those of members who opened the page a while before.
        var warm = members.Take(Math.Max(1, members.Count / 5)).ToList();
        var warmClock = Stopwatch.StartNew();
        for (var round = 0; round < warmupIds.Length; round++)
        {
            if (round == warmupIds.Length / 2) await Task.Delay(TimeSpan.FromSeconds(61));
            var warmupId = warmupIds[round];
            await ForEachAsync(warm, 32, async m =>
            {
                var (status, _, _) = await m.SendAsync(http, HttpMethod.Post, $"/traffar/{warmupId}?handler=Register", new() { ["__RequestVerificationToken"] = m.Token! });
                if (status != HttpStatusCode.Redirect) throw new InvalidOperationException($"warm-up registration answered {(int)status}");
            });
        }
        Console.WriteLine($"warm-up: {warm.Count * warmupIds.Length} registrations for {warmupIds.Length} other gatherings in {warmClock.Elapsed.TotalSeconds:0.0} s (a minute of it a pause)");

        // 5. The measured run: member i's request is sent at i × (seconds / N) from the start, whatever the earlier ones are
        // doing (open loop; a slow answer does not hold back the next member). Latency is from the planned send time.
        var order = members.OrderBy(_ => Random.Shared.Next()).ToArray();
        await ResetStatementStatisticsAsync();
        var cpuBefore = CpuNow();
        var latencies = new double[order.Length];
        var outcomes = new string[order.Length];
        var interval = seconds / order.Length;
        var tasks = new Task[order.Length];
        var run = Stopwatch.StartNew();
        double maxLag = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var due = i * interval;
            var wait = due - run.Elapsed.TotalSeconds;
            if (wait > 0.002) await Task.Delay(TimeSpan.FromSeconds(wait));
            while (run.Elapsed.TotalSeconds < due) Thread.SpinWait(50);
            maxLag = Math.Max(maxLag, run.Elapsed.TotalSeconds - due);
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var m = order[index];
                try
                {
                    var (status, _, location) = await m.SendAsync(http, HttpMethod.Post, $"/traffar/{gatheringId}?handler=Register",
                        new() { ["__RequestVerificationToken"] = m.Token! });
                    outcomes[index] = status == HttpStatusCode.Redirect ? location?.Split("klart=").ElementAtOrDefault(1) ?? "302 elsewhere" : ((int)status).ToString(Inv);
                }
                catch (Exception e)
                {
                    outcomes[index] = e.GetType().Name;
                }
                latencies[index] = run.Elapsed.TotalMilliseconds - due * 1000;
            });
        }
        await Task.WhenAll(tasks);
        var wall = run.Elapsed.TotalSeconds;
        var cpuAfter = CpuNow();

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var answers = outcomes.GroupBy(o => o).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        var redirects = outcomes.Count(o => o is "anmald" or "vantelista");
        var errors = order.Length - redirects;
        Console.WriteLine($"requests {order.Length} planned over {seconds:0.#} s ({order.Length / seconds:0} per second, at most {maxConnections} connections), " +
                          $"all answered after {wall:0.00} s; latest send {maxLag * 1000:0.0} ms behind plan");
        Console.WriteLine($"answers: {string.Join(", ", answers)} (302 to ?klart=anmald = seat, ?klart=vantelista = waiting list)");
        Console.WriteLine($"errors {errors}");
        Console.WriteLine($"latency p50 {P(0.50):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {sorted[^1]:0.0} ms; throughput {order.Length / wall:0.0} registrations/s");
        if (cpuBefore is { } c0 && cpuAfter is { } c1)
        {
            var machine = (double)(c1.Total - c0.Total);
            var others = 100 * ((c1.Busy - c0.Busy) - (c1.App - c0.App) - (c1.Db - c0.Db) - (c1.Client - c0.Client)) / Math.Max(1, machine);
            Console.WriteLine($"CPU per registration: app {(c1.App - c0.App) * 1000 / c0.Hz / order.Length:0.00} ms + PostgreSQL {(c1.Db - c0.Db) * 1000 / c0.Hz / order.Length:0.00} ms " +
                              $"(this client {(c1.Client - c0.Client) * 1000 / c0.Hz / order.Length:0.00} ms); the machine {100 * (c1.Busy - c0.Busy) / Math.Max(1, machine):0}% busy, other processes {others:0}%");
        }

        // 6. What the database says.
        await using var app = Services();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DistriktDb>();
        var capacity = await db.Set<Gathering>().Where(g => g.Id == gatheringId).Select(g => g.Capacity!.Value).SingleAsync();
        var rows = await db.Set<Distrikt.Features.Gatherings.Registration>().AsNoTracking().Where(r => r.GatheringId == gatheringId).Select(r => new { r.PersonId, r.Status }).ToListAsync();
        var expectedPeople = (await db.Users.AsNoTracking().Where(u => u.Email != null && u.PersonId != null).Select(u => new { u.Email, u.PersonId }).ToListAsync())
            .Where(u => byEmail.ContainsKey(u.Email!)).Select(u => u.PersonId!.Value).ToHashSet();
        var confirmed = rows.Count(r => r.Status == RegistrationStatus.Confirmed);
        var waiting = rows.Count(r => r.Status == RegistrationStatus.Waiting);
        var distinct = rows.Select(r => r.PersonId).Distinct().Count();
        var expectConfirmed = Math.Min(capacity, order.Length);
        var countsOk = rows.Count == order.Length && distinct == order.Length && expectedPeople.SetEquals(rows.Select(r => r.PersonId))
            && confirmed == expectConfirmed && waiting == order.Length - expectConfirmed && confirmed <= capacity
            && outcomes.Count(o => o == "anmald") == confirmed && outcomes.Count(o => o == "vantelista") == waiting;
        Console.WriteLine($"database: {rows.Count} registrations for {distinct} people (expected {order.Length}), {confirmed} seats of {capacity} " +
                          $"(expected {expectConfirmed}), {waiting} waiting (expected {order.Length - expectConfirmed}), other {rows.Count - confirmed - waiting}; " +
                          $"answers agree: {(outcomes.Count(o => o == "anmald") == confirmed && outcomes.Count(o => o == "vantelista") == waiting ? "yes" : "no")}  " +
                          (countsOk && errors == 0 ? "OK" : "WRONG"));

        var p99 = P(0.99);
        var met = p99 < 200;
        Console.WriteLine($"p99 {p99:0.0} ms (target < 200 ms, ratio {(p99 / 200).ToString("0.00", Inv)}) {(met ? "PASS" : "MISS")}");
        if (!countsOk || errors > 0) return 3;
        return met ? 0 : 1;
    }
}
