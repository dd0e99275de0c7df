using System.Net;
using System.Text;
using Distrikt.Cli;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Features.RegisterImport;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Features.RegisterImport;

/// <summary>A district of its own: imports add, change and end memberships, which other tests would notice.</summary>
public sealed class ImportFactory : DistriktFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Distrikt:DemoMembers", "40")];
}

/// <summary>
/// Syncing from the register through the upload page and the command-line verb, on the real database. The
/// exports are built from what the district holds, as the register's own export would list it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class RegisterImportTests(ImportFactory factory) : IClassFixture<ImportFactory>
{
    static RegisterImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Header = "Medlemsnummer;Förnamn;Efternamn;E-post;Mobil;Postnummer;Kommunkod;Inträdesdatum;Betald t.o.m.";

    private sealed record Line(string Number, string First, string Last, string? Email, string? Phone, string? Postal, string? Kommun, DateOnly Joined, DateOnly? Paid)
    {
        public string Csv => string.Join(';', Number, Quote(First), Quote(Last), Email, Phone, Postal, Kommun, Joined.ToString("yyyy-MM-dd"), Paid?.ToString("yyyy-MM-dd"));
        private static string Quote(string s) => s.Contains(';') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>Everyone with a member number and a current membership in the district, as the register lists them.</summary>
    private Task<List<Line>> CurrentExportAsync() => factory.WithDbAsync(async (db, sp) =>
    {
        var today = SwedishFormat.Today(TimeProvider.System);
        return (await db.Set<Membership>().AsNoTracking().Where(MembershipQueries.CurrentOn(today)).Where(m => m.Person!.MemberNumber != null)
                .Select(m => new { m.Person!.MemberNumber, m.Person.FirstName, m.Person.LastName, m.Person.Email, m.Person.Phone, m.Person.PostalCode, m.Person.MunicipalityCode, m.StartedOn, m.FeePaidThrough })
                .ToListAsync())
            .OrderBy(m => m.MemberNumber)
            .Select(m => new Line(m.MemberNumber!, m.FirstName, m.LastName, m.Email, m.Phone, m.PostalCode, m.MunicipalityCode, m.StartedOn, m.FeePaidThrough))
            .ToList();
    });

    private static byte[] Csv(IEnumerable<Line> lines, params string[] raw) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Select(l => l.Csv).Prepend(Header).Concat(raw)) + "\r\n")];

    private async Task<(AppClient Client, Guid DistrictId)> StaffAsync()
    {
        var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        return (client, await factory.DistrictIdAsync());
    }

    private static async Task<(string PreviewUrl, AngleSharp.Dom.IDocument Preview)> UploadAsync(AppClient client, Guid districtId, byte[] file, string name = "medlemmar.csv")
    {
        var (_, page) = await client.GetPageAsync($"/enheter/{districtId}/medlemsimport");
        var response = await client.UploadAsync(page, "main form[enctype]", "file", name, file);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.OriginalString;
        var (_, preview) = await client.GetPageAsync(url);
        return (url, preview);
    }

    private static int Stat(AngleSharp.Dom.IDocument page, string label) =>
        int.Parse(page.QuerySelectorAll(".stat").Single(s => s.QuerySelector(".stat-label")!.TextContent == label).QuerySelector(".stat-value")!.TextContent.Replace("\u00a0", "").Replace(" ", ""));

    [Fact]
    public async Task Staff_previews_a_messy_export_applies_it_at_once_and_the_same_file_again_changes_nothing()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        var current = await CurrentExportAsync();
        var today = SwedishFormat.Today(TimeProvider.System);
        // Members who joined before today: a membership that started today ends today, not yesterday.
        var leaving = current.First(l => l.Joined < today);
        var moving = current.First(l => l.Joined < today && l != leaving);
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var lines = current.Where(l => l != leaving).Select(l => l == moving ? l with { Email = "ny.adress@exempel.test" } : l).ToList();
        lines.Add(new Line("9100001", "Zäta", "Örn; Ek", "zata@exempel.test", "070-174 06 55", "753 20", null, today.AddDays(-3), null));
        lines.Add(new Line("9100002", "Yngve", "Ström", null, null, null, "0180", today.AddDays(-2), null)); // Stockholm: no association here
        var file = Csv(lines, "9100003;=HYPERLINK(\"http://x\");Berg;;;;;2024-01-01;");
        var hostileRow = lines.Count + 2;

        var (previewUrl, preview) = await UploadAsync(client, districtId, file);
        Assert.Equal(2, Stat(preview, "nya medlemmar"));
        Assert.Equal(1, Stat(preview, "ändrade uppgifter"));
        Assert.Equal(1, Stat(preview, "avslutade medlemskap"));
        Assert.Equal(1, Stat(preview, "avvisade rader"));
        Assert.Contains(preview.QuerySelectorAll("tbody tr"), tr => tr.TextContent.Contains($"{hostileRow}") && tr.TextContent.Contains("Förnamn") && tr.TextContent.Contains("kalkylformel"));
        Assert.Contains("ingen förening täcker", preview.QuerySelector("main")!.TextContent);
        // Nothing is written by the preview.
        Assert.Equal(0, await factory.WithDbAsync((db, _) => db.Set<Person>().CountAsync(p => p.MemberNumber!.StartsWith("91000"))));

        var applied = await client.SubmitAsync(preview, "form[action*='Apply']", []);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var (_, done) = await client.GetPageAsync(applied.Headers.Location!.OriginalString);
        Assert.Contains("Importen är genomförd: 2 nya", done.QuerySelector("[role=status]")!.TextContent);

        var importId = await factory.WithDbAsync(async (db, _) =>
        {
            var zata = await db.Set<Person>().Include(p => p.Memberships).SingleAsync(p => p.MemberNumber == "9100001");
            Assert.Equal("Örn; Ek", zata.LastName);
            Assert.Equal("+46701740655", zata.Phone);
            Assert.Equal("0380", zata.MunicipalityCode);
            Assert.Equal(uppsala, Assert.Single(zata.Memberships).UnitId);
            var yngve = await db.Set<Person>().Include(p => p.Memberships).SingleAsync(p => p.MemberNumber == "9100002");
            Assert.Equal(districtId, Assert.Single(yngve.Memberships).UnitId);
            Assert.False(await db.Set<Person>().AnyAsync(p => p.MemberNumber == "9100003"));
            Assert.Equal("ny.adress@exempel.test", (await db.Set<Person>().SingleAsync(p => p.MemberNumber == moving.Number)).Email);
            var ended = await db.Set<Membership>().Where(m => m.Person!.MemberNumber == leaving.Number).OrderByDescending(m => m.StartedOn).FirstAsync();
            Assert.Equal(today.AddDays(-1), ended.EndedOn);
            var import = await db.Set<MemberImport>().OrderByDescending(i => i.AppliedAt).FirstAsync();
            Assert.Equal((2, 1, 1, 1, "medlemmar.csv"), (import.Added, import.Changed, import.Ended, import.Rejected, import.FileName));
            return import.Id;
        });
        var entry = Assert.Single(await factory.AuditEntriesAsync("Medlemsimport", importId.ToString()), e => e.Action == AuditAction.Change);
        Assert.DoesNotContain("Zäta", entry.Summary);

        // The unplaced member waits in the queue; staff place them.
        var (_, queue) = await client.GetPageAsync($"/enheter/{districtId}/att-placera");
        Assert.Contains("Yngve Ström", queue.QuerySelector("main")!.TextContent);

        // The same export once more: nothing to do.
        var (_, again) = await UploadAsync(client, districtId, file);
        Assert.Equal(0, Stat(again, "nya medlemmar") + Stat(again, "ändrade uppgifter") + Stat(again, "avslutade medlemskap") + Stat(again, "återkomna"));
        Assert.Contains("Inget att ändra", again.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(again.QuerySelector("form[action*='Apply']"));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_refused_whole_and_a_missing_column_can_be_chosen_by_hand()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        var before = await factory.WithDbAsync((db, _) => db.Set<Person>().CountAsync());

        var (_, refused) = await UploadAsync(client, districtId, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13], "medlemmar.csv");
        Assert.Contains("binära data", refused.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(refused.QuerySelector("form[action*='Apply']"));

        // A header the import does not know: the required field is missing until the user picks the column.
        var current = await CurrentExportAsync();
        var text = "Medl-ID-kod;Förnamn;Efternamn\r\n" + string.Join("\r\n", current.Select(l => $"{l.Number};{l.First};{l.Last}")) + "\r\n";
        var (url, missing) = await UploadAsync(client, districtId, Encoding.UTF8.GetBytes(text));
        Assert.Contains("Kolumnen för Medlemsnummer saknas", missing.QuerySelector("[role=alert]")!.TextContent);
        var remapped = await client.SubmitAsync(missing, "form[action*='Columns']", [new("Columns[medlemsnummer]", "Medl-ID-kod")]);
        Assert.Equal(HttpStatusCode.Redirect, remapped.StatusCode);
        var (_, fixedPreview) = await client.GetPageAsync(url);
        Assert.Null(fixedPreview.QuerySelector("[role=alert]"));
        Assert.Equal(current.Count, Stat(fixedPreview, "oförändrade"));

        Assert.Equal(before, await factory.WithDbAsync((db, _) => db.Set<Person>().CountAsync()));
    }

    [Fact]
    public async Task A_members_own_correction_survives_a_reimport_until_the_register_row_itself_changes()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        // An import with something new in it: applying it also stores each row's fingerprint.
        var current = (await CurrentExportAsync()).Append(new Line("9300001", "Nils", "Nyström", null, null, "75320", null, new DateOnly(2025, 1, 1), null)).ToList();
        var file = Csv(current);
        var (_, first) = await UploadAsync(client, districtId, file);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(first, "form[action*='Apply']", [])).StatusCode);

        // The member corrects their e-mail address in Distrikt; the register still has the old one.
        var member = current.Last(l => l.Email is not null);
        await factory.WithDbAsync((db, _) => db.Set<Person>().Where(p => p.MemberNumber == member.Number)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, "rattad@exempel.test")));
        var (_, again) = await UploadAsync(client, districtId, file);
        Assert.Contains("Inget att ändra", again.QuerySelector("[role=status]")!.TextContent);

        // The register's row changes (a new phone number): now the register's values apply, e-mail included.
        var changed = Csv(current.Select(l => l.Number == member.Number ? l with { Phone = "070-174 06 77" } : l));
        var (_, third) = await UploadAsync(client, districtId, changed);
        Assert.Equal(1, Stat(third, "ändrade uppgifter"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(third, "form[action*='Apply']", [])).StatusCode);
        var stored = await factory.WithDbAsync((db, _) => db.Set<Person>().SingleAsync(p => p.MemberNumber == member.Number));
        Assert.Equal(("+46701740677", member.Email), (stored.Phone, stored.Email));
    }

    [Fact]
    public async Task A_member_who_moves_to_a_municipality_of_another_association_changes_association_and_keeps_the_history()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        var today = SwedishFormat.Today(TimeProvider.System);
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var current = await CurrentExportAsync();
        // Someone in Uppsala who joined before today, so the move leaves a membership behind.
        var mover = current.First(l => l.Kommun == "0380" && l.Joined < today);
        var lines = current.Select(l => l == mover ? l with { Postal = "81530", Kommun = "0360" } : l);

        var (_, preview) = await UploadAsync(client, districtId, Csv(lines));
        Assert.Contains(preview.QuerySelectorAll("tbody tr"), tr => tr.TextContent.Contains("förening") && tr.TextContent.Contains("flyttas till Vänsterpartiet Tierp"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(preview, "form[action*='Apply']", [])).StatusCode);

        var memberships = await factory.WithDbAsync((db, _) => db.Set<Membership>().AsNoTracking()
            .Where(m => m.Person!.MemberNumber == mover.Number).OrderBy(m => m.StartedOn).ToListAsync());
        var old = memberships.Single(m => m.UnitId == uppsala && m.EndedOn == today.AddDays(-1));
        var moved = memberships.Single(m => m.UnitId == tierp && m.EndedOn == null);
        Assert.Equal(today, moved.StartedOn);
        Assert.True(old.StartedOn < today);
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused_at_upload_with_the_limit_named()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        var (_, page) = await client.GetPageAsync($"/enheter/{districtId}/medlemsimport");
        var response = await client.UploadAsync(page, "main form[enctype]", "file", "stor.csv", new byte[RegisterFile.MaxBytes + 10]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await AppClient.ParseAsync(response);
        Assert.Contains("största fil som tas emot är 50 MB", refused.QuerySelector("#file-error")!.TextContent);
        Assert.Equal("true", refused.QuerySelector("#file")!.GetAttribute("aria-invalid"));
        Assert.Equal(0, await factory.WithDbAsync((db, _) => db.Set<RegisterUpload>().CountAsync(u => u.FileName == "stor.csv")));
    }

    [Fact]
    public async Task A_bulk_load_that_rebuilds_the_indexes_leaves_every_one_in_place_and_the_people_searchable()
    {
        var people = Enumerable.Range(0, 3).Select(i => new Person { FirstName = "Bulkström", LastName = $"Provsson{i}", MemberNumber = $"96000{i}" }).ToList();
        static Task<List<string>> IndexesAsync(Distrikt.Infrastructure.Database.DistriktDb db) => db.Provider == Distrikt.Infrastructure.Database.DatabaseProvider.Postgres
            ? db.Database.SqlQueryRaw<string>("SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'people' ORDER BY indexname").ToListAsync()
            : db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL ORDER BY name").ToListAsync();
        // On PostgreSQL the foreign keys are dropped and added back too: they must all be there afterwards.
        static Task<List<string>> ForeignKeysAsync(Distrikt.Infrastructure.Database.DistriktDb db) => db.Provider == Distrikt.Infrastructure.Database.DatabaseProvider.Postgres
            ? db.Database.SqlQueryRaw<string>("SELECT conname || ' ' || pg_get_constraintdef(oid) AS \"Value\" FROM pg_constraint WHERE conrelid = 'memberships'::regclass AND contype = 'f' ORDER BY conname").ToListAsync()
            : Task.FromResult(new List<string>());
        var before = await factory.WithDbAsync((db, _) => IndexesAsync(db));
        var keysBefore = await factory.WithDbAsync((db, _) => ForeignKeysAsync(db));
        var unitId = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        await factory.WithDbAsync(async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await Distrikt.Infrastructure.Database.BulkInsert.InsertAsync(db, people, rebuildIndexes: true);
            await Distrikt.Infrastructure.Database.BulkInsert.InsertAsync(db, people.Select(p => new Membership { PersonId = p.Id, UnitId = unitId, StartedOn = new DateOnly(2020, 1, 1) }).ToList(), rebuildIndexes: true);
            await tx.CommitAsync();
        });
        Assert.Equal(keysBefore, await factory.WithDbAsync((db, _) => ForeignKeysAsync(db)));
        await factory.WithDbAsync(async (db, _) =>
        {
            Assert.Equal(3, await db.Set<Person>().CountAsync(p => p.FirstName == "Bulkström"));
            Assert.Equal(before, await IndexesAsync(db));
            Assert.Contains(before, d => d.Contains("LastName", StringComparison.Ordinal));
            // The search column is computed by the database for rows written by the bulk path too.
            Assert.Equal(3, await db.Set<Person>().CountAsync(p => EF.Property<string>(p, "SearchText")!.Contains("bulkstrom")));
            await db.Set<Person>().Where(p => p.FirstName == "Bulkström").ExecuteDeleteAsync();
        });
    }

    [Fact]
    public async Task The_bulk_path_stores_every_column_exactly_as_change_tracking_does()
    {
        // Two people alike in every value but the id and member number: one saved by EF, one by the bulk path. The
        // stored form of each column (a GUID as text or uuid, a date, a time as a number on SQLite) must be the same,
        // or lookups that compare them would miss the bulk-loaded rows.
        Person Make(string number) => new()
        {
            FirstName = "Bulkjämför", LastName = "Åström-Ek", MemberNumber = number, BirthDate = new DateOnly(1980, 2, 29),
            Email = "Ann.Ek@exempel.se", Phone = "+46701234567", StreetAddress = "Storgatan 1", PostalCode = "75320", City = "Uppsala",
            MunicipalityCode = "0380", RegisterRowHash = -1234567890123L, DoNotContactSince = new DateOnly(2026, 1, 2),
            CreatedAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), UpdatedAt = new DateTimeOffset(2026, 3, 4, 5, 6, 8, TimeSpan.Zero),
        };
        var (tracked, bulk) = (Make("97000001"), Make("97000002"));
        var unitId = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(tracked);
            db.Add(new Membership { PersonId = tracked.Id, UnitId = unitId, StartedOn = new DateOnly(2020, 1, 1), FeePaidThrough = new DateOnly(2026, 12, 31) });
            await db.SaveChangesAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            await Distrikt.Infrastructure.Database.BulkInsert.InsertAsync(db, [bulk]);
            await Distrikt.Infrastructure.Database.BulkInsert.InsertAsync(db, [new Membership { PersonId = bulk.Id, UnitId = unitId, StartedOn = new DateOnly(2020, 1, 1), FeePaidThrough = new DateOnly(2026, 12, 31) }]);
            await tx.CommitAsync();
        });
        static string Stored(Distrikt.Infrastructure.Database.DistriktDb db, string table, string column, Guid id, string key) =>
            db.Provider == Distrikt.Infrastructure.Database.DatabaseProvider.Postgres
                ? $"SELECT pg_typeof(\"{column}\")::text || ':' || coalesce(\"{column}\"::text, 'NULL') AS \"Value\" FROM {table} WHERE \"{key}\" = '{id}'"
                : $"SELECT typeof(\"{column}\") || ':' || coalesce(\"{column}\", 'NULL') AS \"Value\" FROM {table} WHERE \"{key}\" = '{id.ToString().ToUpperInvariant()}'";
        await factory.WithDbAsync(async (db, _) =>
        {
            var columns = db.Model.FindEntityType(typeof(Person))!.GetProperties().Select(p => p.GetColumnName()).Where(c => c is not "Id" and not "MemberNumber").ToList();
            Assert.Contains("SearchText", columns);
            foreach (var column in columns)
            {
                var a = await db.Database.SqlQueryRaw<string>(Stored(db, "people", column, tracked.Id, "Id")).SingleAsync();
                var b = (await db.Database.SqlQueryRaw<string>(Stored(db, "people", column, bulk.Id, "Id")).SingleAsync()).Replace("97000002", "97000001");
                Assert.True(a == b, $"people.{column}: saved by EF as {a}, by the bulk path as {b}");
            }
            foreach (var column in new[] { "PersonId", "UnitId", "StartedOn", "EndedOn", "FeePaidThrough" })
            {
                var a = await db.Database.SqlQueryRaw<string>(Stored(db, "memberships", column, tracked.Id, "PersonId")).SingleAsync();
                var b = await db.Database.SqlQueryRaw<string>(Stored(db, "memberships", column, bulk.Id, "PersonId")).SingleAsync();
                Assert.Equal(a.Split(':')[0], b.Split(':')[0]);
                if (column != "PersonId") Assert.Equal(a, b);
            }
            // Found by the same EF queries the app runs.
            Assert.Equal(2, await db.Set<Membership>().CountAsync(m => m.UnitId == unitId && m.Person!.FirstName == "Bulkjämför" && m.FeePaidThrough == new DateOnly(2026, 12, 31)));
            await db.Set<Person>().Where(p => p.FirstName == "Bulkjämför").ExecuteDeleteAsync();
        });
    }

    [Fact]
    public async Task Uploads_nobody_applied_are_removed_after_a_day()
    {
        var districtId = await factory.DistrictIdAsync();
        var (old, fresh) = await factory.WithDbAsync(async (db, _) =>
        {
            var userId = await db.Users.Select(u => u.Id).FirstAsync();
            RegisterUpload Upload(TimeSpan age) => new()
            {
                DistrictId = districtId, UserId = userId, FileName = "glömd.csv", Content = [1, 2, 3], Sha256 = "x",
                UploadedAt = DateTimeOffset.UtcNow - age,
            };
            var (o, f) = (Upload(TimeSpan.FromHours(25)), Upload(TimeSpan.FromHours(1)));
            db.AddRange(o, f);
            await db.SaveChangesAsync();
            return (o.Id, f.Id);
        });
        var removed = await factory.Services.GetRequiredService<RegisterUploadCleanup>().RemoveExpiredAsync(CancellationToken.None);
        Assert.True(removed >= 1);
        var left = await factory.WithDbAsync((db, _) => db.Set<RegisterUpload>().Where(u => u.Id == old || u.Id == fresh).Select(u => u.Id).ToListAsync());
        Assert.Equal([fresh], left);
    }

    [Fact]
    public async Task An_export_that_would_end_most_memberships_needs_confirmation()
    {
        var (client, districtId) = await StaffAsync();
        using var _ = client;
        var current = await CurrentExportAsync();
        var (_, preview) = await UploadAsync(client, districtId, Csv(current.Take(2)));
        Assert.NotNull(preview.QuerySelector("input[name=ConfirmEndings]"));
        var response = await client.SubmitAsync(preview, "form[action*='Apply']", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bekräfta att", (await AppClient.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(current.Count, (await CurrentExportAsync()).Count);
    }

    [Fact]
    public async Task An_association_chair_cannot_import_nor_open_the_queue()
    {
        var districtId = await factory.DistrictIdAsync();
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        foreach (var url in new[] { $"/enheter/{districtId}/medlemsimport", $"/enheter/{districtId}/att-placera", $"/enheter/{districtId}/medlemsimport/{Guid.NewGuid()}" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/atkomst-nekad", response.Headers.Location!.OriginalString);
        }
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var settings = new Dictionary<string, string?> { ["Distrikt:DataDirectory"] = factory.DataDirectory };
        if (factory.PostgresConnectionString is { } pg)
        {
            settings["Distrikt:Database:Provider"] = "Postgres";
            settings["Distrikt:Database:ConnectionString"] = pg;
        }
        var output = new StringWriter();
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try { return (await CommandLine.RunAsync(args, settings), output.ToString()); }
        finally { Console.SetOut(previousOut); Console.SetError(previousError); }
    }

    [Fact]
    public async Task The_command_line_prints_the_summary_names_rejected_rows_and_its_exit_code_says_what_happened()
    {
        var current = await CurrentExportAsync();
        var path = Path.Combine(factory.DataDirectory, "export.csv");
        Directory.CreateDirectory(factory.DataDirectory);
        // Windows-1252, comma-separated, one bad personnummer-free row: a bad e-mail on the last row.
        var text = "Medlemsnr,Förnamn,Efternamn,E-post\r\n" + string.Join("\r\n", current.Select(l => $"{l.Number},{l.First},{l.Last},"))
                   + "\r\n9200001,Örjan,Åberg,orjan@exempel.test\r\n9200002,Ärla,Ek,ärla@\r\n";
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding(1252).GetBytes(text));

        var (dryCode, dry) = await RunAsync("members", "import", path, "--dry-run");
        Assert.Equal(CommandLine.RowsRejected, dryCode);
        Assert.Contains("Windows-1252", dry);
        Assert.Contains("skiljetecken komma", dry);
        Assert.Matches(@"Nya medlemmar:\s+1", dry);
        Assert.Contains($"Rad {current.Count + 3}, E-post:", dry);
        Assert.Contains("ingenting har skrivits", dry);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Person>().AnyAsync(p => p.MemberNumber == "9200001")));

        var (code, applied) = await RunAsync("members", "import", path);
        Assert.Equal(CommandLine.RowsRejected, code);
        Assert.Contains("Importen är genomförd", applied);
        var orjan = await factory.WithDbAsync((db, _) => db.Set<Person>().SingleAsync(p => p.MemberNumber == "9200001"));
        Assert.Equal("Åberg", orjan.LastName);

        // Refused whole: a required column missing, a file that is not there.
        await File.WriteAllTextAsync(path, "Förnamn;Efternamn\r\nAnna;Berg\r\n");
        var (missingCode, missing) = await RunAsync("members", "import", path);
        Assert.Equal(CommandLine.FileRefused, missingCode);
        Assert.Contains("Medlemsnummer saknas", missing);
        Assert.Equal(CommandLine.FileRefused, (await RunAsync("members", "import", path + ".finns-inte")).Code);
        Assert.Equal(CommandLine.Usage, (await RunAsync("members", "import")).Code);
    }
}
