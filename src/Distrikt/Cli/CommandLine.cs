using System.Diagnostics;
using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Cli;

/// <summary>
/// The command-line verbs of the same executable. Exit codes: 0 done, 1 the work failed (e.g. a broken audit
/// chain), 2 bad usage (unknown verb or argument).
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    /// <summary>members import: the valid rows were applied (or would be, with --dry-run) but some rows were rejected.</summary>
    public const int RowsRejected = 3;
    /// <summary>members import: the whole file was refused and nothing was written.</summary>
    public const int FileRefused = 4;

    public const string UsageText = """
        Användning: dotnet run --project src/Distrikt -- <kommando> [flaggor]

        Utan kommando startar webbappen.

        Kommandon:
          migrate                      Skapar databasen om den saknas och kör alla migreringar.
          seed-demo [--members N]      Fyller en tom databas med demodistriktet och N påhittade medlemmar
                                       (standard 600, högst 200000).
          create-admin --email E [--first-name F --last-name L]
                                       Skapar ett konto med uppdraget ombudsman i distriktet.
          audit verify                 Kontrollerar granskningsloggens kedja och anger första brutna länk.
          members import FIL [--dry-run] [--confirm-endings] [--district NAMN]
                                       Läser medlemsregistrets export (CSV eller .xlsx) och uppdaterar
                                       medlemmarna: visar först sammanfattningen (nya, ändrade, avslutade,
                                       avvisade rader med radnummer och skäl), skriver sedan alla godkända
                                       rader i en enda transaktion. --dry-run skriver ingenting.
                                       --confirm-endings krävs när exporten skulle avsluta mer än en tiondel
                                       av medlemskapen (en ofullständig fil ser ut så). --district behövs
                                       bara när databasen har flera distrikt.
                                       Slutkoder: 0 alla rader godkända, 3 några rader avvisades (övriga
                                       skrevs), 4 filen avvisades helt och ingenting skrevs.
          members retention [--dry-run] [--district NAMN]
                                       Gallring enligt distriktets regel (medlemsvårdens inställningar):
                                       raderar tidigare medlemmar vars sista medlemskap tog slut för mer
                                       än det inställda antalet dagar sedan och som inte har något
                                       pågående uppdrag (den som haft uppdrag minimeras: namn och uppdrag
                                       sparas), och rekryteringskontakter som inte blivit medlemmar inom
                                       tiden. Skriver bara antal. --dry-run visar antalen utan att radera.
                                       Utan --district körs alla distrikt.
          plan import FIL --year ÅR [--unit NAMN] [--dry-run]
                                       Läser in en antagen verksamhetsplan (Word .docx, Markdown eller text):
                                       varje punkt blir ett mål, underpunkter aktiviteter, övrig text löptext.
                                       Skriver ut avsnitten och antalet mål i vart och ett, och sparar planen
                                       för enheten och året. --unit anger förening (annars distriktet).
                                       --dry-run sparar ingenting. Slutkoder: 0 sparad (eller provkörd),
                                       1 det finns redan en plan för året, 2 fel användning eller år,
                                       4 filen kunde inte läsas.
          help                         Visar den här texten.

        Inställningar läses som för webbappen, t.ex. Distrikt__Database__Provider=Postgres
        och Distrikt__Database__ConnectionString=... för PostgreSQL.

        Slutkoder: 0 klart, 1 arbetet misslyckades, 2 fel användning.
        """;

    /// <param name="settings">Configuration on top of the usual sources; lets tests point a verb at their own database.</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var verb = args[0];
        var rest = args.Skip(1).ToArray();
        try
        {
            return verb switch
            {
                "help" or "--help" or "-h" => PrintUsage(Ok),
                "migrate" => await WithApp(settings, rest, [], Migrate),
                "seed-demo" => await WithApp(settings, rest, ["--members"], SeedDemo),
                "create-admin" => await WithApp(settings, rest, ["--email", "--first-name", "--last-name"], CreateAdmin),
                "audit" when rest.Length > 0 && rest[0] == "verify" => await WithApp(settings, rest[1..], [], VerifyAudit),
                "members" when rest.Length > 0 && rest[0] == "import" => await MembersImport(settings, rest[1..]),
                "members" when rest.Length > 0 && rest[0] == "retention" => await MembersRetention(settings, rest[1..]),
                "plan" when rest.Length > 1 && rest[0] == "import" => await PlanImportVerb(settings, rest[1], rest[2..]),
                _ => Unknown($"Okänt kommando: {string.Join(' ', args)}"),
            };
        }
        catch (UsageException e)
        {
            return Unknown(e.Message);
        }
    }

    private sealed class UsageException(string message) : Exception(message);

    private static int Unknown(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine();
        return PrintUsage(Usage, Console.Error);
    }

    private static int PrintUsage(int code, TextWriter? writer = null)
    {
        (writer ?? Console.Out).WriteLine(UsageText);
        return code;
    }

    /// <summary>Parses "--name value" pairs; anything else is a usage error.</summary>
    internal static Dictionary<string, string> ParseFlags(string[] args, string[] allowed)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!allowed.Contains(name)) throw new UsageException($"Okänd flagga: {name}");
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"Flaggan {name} behöver ett värde.");
            flags[name] = args[++i];
        }
        return flags;
    }

    private static async Task<int> WithApp(IReadOnlyDictionary<string, string?>? settings, string[] args, string[] allowedFlags, Func<IServiceProvider, Dictionary<string, string>, Task<int>> run)
    {
        var flags = ParseFlags(args, allowedFlags);
        // The verbs use the web app's configuration and services, without starting the server or hosted services.
        var app = DistriktApp.Build([], builder =>
        {
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        });
        await using var scope = app.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider, flags);
    }

    private static async Task<int> Migrate(IServiceProvider sp, Dictionary<string, string> _)
    {
        var db = sp.GetRequiredService<DistriktDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
        await DatabaseSetup.MigrateAsync(db);
        await StandardAssignmentTypes.EnsureAsync(db);
        Console.WriteLine(pending == 0 ? "Databasen är redan aktuell." : $"Databasen är migrerad ({pending} migreringar körda).");
        return Ok;
    }

    private static async Task<int> SeedDemo(IServiceProvider sp, Dictionary<string, string> flags)
    {
        var members = DemoSeeder.DefaultMembers;
        if (flags.TryGetValue("--members", out var raw) && (!int.TryParse(raw, out members) || members < 0 || members > DemoSeeder.MaxMembers))
            throw new UsageException($"--members måste vara ett heltal mellan 0 och {DemoSeeder.MaxMembers}.");
        var db = sp.GetRequiredService<DistriktDb>();
        await DatabaseSetup.MigrateAsync(db);
        if (await db.Set<Unit>().AnyAsync())
        {
            Console.Error.WriteLine("Databasen innehåller redan enheter. seed-demo fyller bara en tom databas.");
            return Failed;
        }
        var watch = Stopwatch.StartNew();
        var bar = new ProgressBar(Console.Out);
        var seeded = await sp.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(members, bar);
        bar.Finish();
        Console.WriteLine($"Demodistriktet skapat med {members:N0} medlemmar på {watch.Elapsed.TotalSeconds:F1} s.");
        return seeded ? Ok : Failed;
    }

    private static async Task<int> CreateAdmin(IServiceProvider sp, Dictionary<string, string> flags)
    {
        if (!flags.TryGetValue("--email", out var email) || !email.Contains('@') || email.Length > 254)
            throw new UsageException("create-admin behöver --email med en giltig e-postadress.");
        var db = sp.GetRequiredService<DistriktDb>();
        var users = sp.GetRequiredService<UserManager<User>>();
        var audit = sp.GetRequiredService<AuditLog>();
        await DatabaseSetup.MigrateAsync(db);
        await StandardAssignmentTypes.EnsureAsync(db);
        if (await users.FindByEmailAsync(email) is not null)
        {
            Console.Error.WriteLine("Det finns redan ett konto med den e-postadressen.");
            return Failed;
        }
        var district = await db.Set<Unit>().Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync();
        if (district is null)
        {
            district = new Unit { Kind = UnitKind.District, Name = "Distriktet" };
            db.Add(district);
            Console.WriteLine("Ingen distriktsenhet fanns; distriktet \"Distriktet\" skapades. Byt namn på det under Föreningar.");
        }
        var person = new Person
        {
            FirstName = flags.GetValueOrDefault("--first-name") ?? "Ombudsman",
            LastName = flags.GetValueOrDefault("--last-name") ?? "",
            Email = email,
        };
        db.Add(person);
        var ombudsman = await db.Set<AssignmentType>().SingleAsync(t => t.Key == StandardAssignmentTypes.Ombudsman);
        db.Add(new Assignment { Person = person, Unit = district, AssignmentTypeId = ombudsman.Id, StartsOn = Infrastructure.Web.SwedishFormat.Today(TimeProvider.System) });
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync();
            var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, PersonId = person.Id });
            if (!result.Succeeded)
            {
                Console.Error.WriteLine("Kontot kunde inte skapas: " + string.Join("; ", result.Errors.Select(e => e.Description)));
                return Failed;
            }
            await tx.CommitAsync();
        }
        await audit.RecordAsync(new AuditActor(null, "kommandoraden", null), AuditAction.Create, "Konto", person.Id.ToString(), $"Konto med uppdraget ombudsman i {district.Name} skapat från kommandoraden");
        Console.WriteLine($"Kontot är skapat med uppdraget ombudsman i {district.Name}. Logga in med e-postlänk; tvåstegsverifiering ställs in vid första inloggningen.");
        return Ok;
    }

    private static async Task<int> MembersImport(IReadOnlyDictionary<string, string?>? settings, string[] args)
    {
        var switches = new[] { "--dry-run", "--confirm-endings" };
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var districtIndex = Array.IndexOf(args, "--district");
        if (file is null || (districtIndex >= 0 && args.ElementAtOrDefault(districtIndex + 1) == file)) throw new UsageException("members import behöver en fil: members import FIL [--dry-run]");
        var rest = args.Where((a, i) => a != file && !switches.Contains(a)).ToArray();
        var dryRun = args.Contains("--dry-run");
        var confirmEndings = args.Contains("--confirm-endings");
        return await WithApp(settings, rest, ["--district"], async (sp, flags) =>
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"Filen {file} finns inte.");
                return FileRefused;
            }
            var length = new FileInfo(file).Length;
            if (length > Features.RegisterImport.RegisterFile.MaxBytes)
            {
                Console.Error.WriteLine($"Filen är {length / (1024 * 1024)} MB; den största fil som tas emot är {Features.RegisterImport.RegisterFile.MaxBytes / (1024 * 1024)} MB. Ingenting har skrivits.");
                return FileRefused;
            }
            var db = sp.GetRequiredService<DistriktDb>();
            await DatabaseSetup.MigrateAsync(db);
            var districts = await Features.RegisterImport.RegisterImporter.DistrictsAsync(db);
            var chosen = flags.TryGetValue("--district", out var name) ? districts.Where(d => string.Equals(d.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList() : districts;
            if (chosen.Count != 1)
            {
                Console.Error.WriteLine(districts.Count == 0 ? "Databasen har inget distrikt ännu."
                    : $"Ange distriktet med --district. Distrikt: {string.Join(", ", districts.Select(d => d.Name))}.");
                return districts.Count == 0 ? FileRefused : Usage;
            }
            var district = chosen[0];
            var content = await File.ReadAllBytesAsync(file);
            var clock = sp.GetRequiredService<TimeProvider>();
            var watch = Stopwatch.StartNew();
            var prepared = await Features.RegisterImport.RegisterImporter.PrepareAsync(db, district.Id, content, null, Infrastructure.Web.SwedishFormat.Today(clock));
            if (prepared.Plan is null || prepared.Refusal is not null)
            {
                Console.Error.WriteLine($"Filen avvisades: {prepared.Refusal} Ingenting har skrivits.");
                return FileRefused;
            }
            var plan = prepared.Plan;
            var planned = watch.Elapsed;
            Console.WriteLine($"Import till {district.Name} från {Path.GetFileName(file)} (läst och jämförd på {planned.TotalSeconds:F1} s)");
            Console.Write(Features.RegisterImport.RegisterImporter.Summary(plan));
            var code = plan.Rejected.Count > 0 ? RowsRejected : Ok;
            if (plan.NeedsEndConfirmation && !confirmEndings && !dryRun)
            {
                Console.Error.WriteLine($"Exporten skulle avsluta {plan.Ended.Count:N0} av {plan.CurrentMembersBefore:N0} medlemskap. Är filen ofullständig? Kör igen med --confirm-endings om det stämmer. Ingenting har skrivits.");
                return FileRefused;
            }
            if (dryRun)
            {
                Console.WriteLine($"Provkörning (--dry-run): ingenting har skrivits ({watch.Elapsed.TotalSeconds:F1} s).");
                return code;
            }
            if (!plan.HasChanges)
            {
                Console.WriteLine("Inget att ändra: registret och Distrikt stämmer redan överens.");
                return code;
            }
            // The file's rows are no longer held (the plan keeps what it accepted): collected now, before the writing
            // allocates its own, the process's peak memory stays that much lower.
            GC.Collect();
            var audit = sp.GetRequiredService<AuditLog>();
            var outcome = await Features.RegisterImport.RegisterImporter.ApplyAsync(db, audit, new AuditActor(null, "kommandoraden", null), plan, Path.GetFileName(file), content, saveColumns: false, clock);
            Console.WriteLine($"Importen är genomförd på {watch.Elapsed.TotalSeconds:F1} s (skrivningen {(watch.Elapsed - planned).TotalSeconds:F1} s): alla godkända rader är skrivna.");
            if (outcome.ProspectsJoined > 0) Console.WriteLine($"Kontakter från rekryteringskön som nu är medlemmar: {outcome.ProspectsJoined}.");
            return code;
        });
    }

    private static async Task<int> PlanImportVerb(IReadOnlyDictionary<string, string?>? settings, string path, string[] args)
    {
        var dryRun = args.Contains("--dry-run");
        return await WithApp(settings, args.Where(a => a != "--dry-run").ToArray(), ["--year", "--unit"], async (sp, flags) =>
        {
            if (!flags.TryGetValue("--year", out var yearText)) throw new UsageException("Ange vilket år planen gäller med --year, till exempel --year 2025.");
            if (!int.TryParse(yearText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var year))
                throw new UsageException($"”{yearText}” är inget år.");
            if (Features.Plans.PlanImport.CheckYear(year) is { } yearError) { Console.Error.WriteLine(yearError); return Usage; }
            if (!File.Exists(path)) { Console.Error.WriteLine($"Hittar ingen fil {path}."); return FileRefused; }
            Features.Plans.Import.PlanFileResult read;
            await using (var stream = File.OpenRead(path)) read = await Features.Plans.Import.PlanFileReader.ReadAsync(stream, Path.GetFileName(path));
            if (!read.Succeeded) { Console.Error.WriteLine(read.Error); return FileRefused; }

            Console.WriteLine($"{read.Plan.Title}");
            foreach (var section in read.Plan.Sections)
                Console.WriteLine($"  {(section.Title.Length > 0 ? section.Title : "(utan rubrik)")}: {section.Goals.Count} mål, {section.Goals.Sum(g => g.Activities.Count)} aktiviteter");
            Console.WriteLine(Features.Plans.PlanImport.ReportText(read.Report));
            if (dryRun) { Console.WriteLine("Provkörning (--dry-run): ingenting har sparats."); return Ok; }

            var db = sp.GetRequiredService<DistriktDb>();
            await DatabaseSetup.MigrateAsync(db);
            var directory = await Features.Units.UnitDirectory.GetAsync(db);
            var units = flags.TryGetValue("--unit", out var unitName)
                ? directory.Units.Values.Where(u => string.Equals(u.Name, unitName, StringComparison.CurrentCultureIgnoreCase)).ToList()
                : directory.Units.Values.Where(u => u.Kind == Features.Units.UnitKind.District).ToList();
            if (units.Count != 1)
            {
                Console.Error.WriteLine(units.Count == 0 ? "Hittar ingen sådan enhet." : "Flera enheter passar; ange --unit med enhetens namn.");
                return Usage;
            }
            var clock = sp.GetRequiredService<TimeProvider>();
            var (id, error) = await Features.Plans.PlanImport.SaveDraftAsync(db, units[0].Id, year, read.Plan, read.Report, Path.GetFileName(path), null, clock.GetUtcNow(), default);
            if (error is not null) { Console.Error.WriteLine(error); return Failed; }
            // Read on the command line, the summary above is the review: the plan is saved as confirmed.
            await db.Set<Features.Plans.OperationalPlan>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ConfirmedAt, clock.GetUtcNow()));
            await sp.GetRequiredService<AuditLog>().RecordAsync(new AuditActor(null, "kommandoraden", null), AuditAction.Create, "Verksamhetsplan", id!.Value.ToString(),
                $"Läste in verksamhetsplanen {year} för {units[0].Name} ({read.Report.Goals} mål) från kommandoraden", default);
            Console.WriteLine($"Sparad som verksamhetsplan {year} för {units[0].Name}.");
            return Ok;
        });
    }

    private static async Task<int> MembersRetention(IReadOnlyDictionary<string, string?>? settings, string[] args)
    {
        var dryRun = args.Contains("--dry-run");
        return await WithApp(settings, args.Where(a => a != "--dry-run").ToArray(), ["--district"], async (sp, flags) =>
        {
            var db = sp.GetRequiredService<DistriktDb>();
            await DatabaseSetup.MigrateAsync(db);
            var clock = sp.GetRequiredService<TimeProvider>();
            var today = Infrastructure.Web.SwedishFormat.Today(clock);
            var districts = await Features.Erasure.RetentionRule.DistrictsAsync(db, default);
            var chosen = flags.TryGetValue("--district", out var name)
                ? districts.Where(d => string.Equals(d.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList()
                : districts.ToList();
            if (chosen.Count == 0)
            {
                Console.Error.WriteLine(districts.Count == 0 ? "Databasen har inget distrikt ännu."
                    : $"Inget distrikt heter så. Distrikt: {string.Join(", ", districts.Select(d => d.Name))}.");
                return districts.Count == 0 ? Failed : Usage;
            }
            var audit = sp.GetRequiredService<AuditLog>();
            foreach (var (id, districtName) in chosen)
            {
                Features.Erasure.RetentionCounts counts;
                if (dryRun) counts = await Features.Erasure.RetentionRule.PreviewAsync(db, id, today, default);
                else
                {
                    var run = await Features.Erasure.RetentionRule.RunAsync(db, audit, new AuditActor(null, "kommandoraden", null), id, today, clock.GetUtcNow(), "kommandoraden", default);
                    counts = new(run.Erased, run.Minimised, run.ProspectsErased);
                }
                Console.WriteLine($"{districtName}: {counts.Erased} tidigare medlemmar {(dryRun ? "skulle raderas" : "raderade")}, {counts.Minimised} {(dryRun ? "skulle minimeras" : "minimerade")}, {counts.ProspectsErased} rekryteringskontakter {(dryRun ? "skulle raderas" : "raderade")}.");
            }
            if (dryRun) Console.WriteLine("Provkörning (--dry-run): ingenting har raderats.");
            return Ok;
        });
    }

    private static async Task<int> VerifyAudit(IServiceProvider sp, Dictionary<string, string> _)
    {
        var result = await AuditVerifier.VerifyAsync(sp.GetRequiredService<DistriktDb>());
        if (result.IsIntact)
        {
            Console.WriteLine($"Granskningsloggen är hel: {result.EntriesChecked} poster kontrollerade.");
            return Ok;
        }
        Console.WriteLine($"Granskningsloggen är bruten vid post {result.FirstBrokenSequence}: {result.Problem}");
        return Failed;
    }
}

/// <summary>A one-line progress bar for long verbs; it redraws in place on a terminal and prints tenths otherwise.</summary>
public sealed class ProgressBar(TextWriter output) : IProgress<(int Done, int Total)>
{
    private int _lastTenth = -1;

    public void Report((int Done, int Total) value)
    {
        var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
        if (Console.IsOutputRedirected)
        {
            var tenth = (int)(fraction * 10);
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            output.WriteLine($"{fraction:P0} ({value.Done:N0} av {value.Total:N0})");
            return;
        }
        const int width = 30;
        var filled = (int)(fraction * width);
        output.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {fraction,4:P0} {value.Done:N0}/{value.Total:N0}");
    }

    public void Finish()
    {
        if (!Console.IsOutputRedirected) output.WriteLine();
    }
}
