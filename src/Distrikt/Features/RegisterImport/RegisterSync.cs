using System.Security.Cryptography;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Distrikt.Features.RegisterImport;

/// <summary>A member already in Distrikt with a member number, and their membership in the district (current, or the latest).</summary>
public sealed record KnownMember(
    Guid PersonId, string MemberNumber, string FirstName, string LastName, DateOnly? BirthDate, string? Email, string? Phone,
    string? StreetAddress, string? PostalCode, string? City, string? MunicipalityCode,
    Guid? MembershipId, Guid? UnitId, DateOnly? StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough, long? RowHash);

public sealed record ChangedMember(RegisterMember Row, KnownMember Known, IReadOnlyList<string> Fields, Guid? MovedTo);
public sealed record EndedMember(KnownMember Known, DateOnly EndedOn);

/// <summary>
/// What applying an export would do, computed without writing anything: the preview shows it, the apply
/// carries it out. Computed again at apply time, so the database may have changed in between.
/// </summary>
public sealed class ImportPlan
{
    public required RegisterTable Table { get; init; }
    public required RegisterColumns Columns { get; init; }
    public required Guid DistrictId { get; init; }
    public required DateOnly ImportedOn { get; init; }
    public List<RegisterMember> Added { get; } = [];
    public List<ChangedMember> Changed { get; } = [];
    public List<(RegisterMember Row, KnownMember Known)> Rejoined { get; } = [];
    public List<EndedMember> Ended { get; } = [];
    public int Unchanged { get; set; }
    /// <summary>Rows equal to what Distrikt holds whose fingerprint is new (the first import after an upgrade): only the fingerprint is stored.</summary>
    public List<(Guid PersonId, long RowHash)> Fingerprints { get; } = [];
    public List<RejectedRow> Rejected { get; init; } = [];
    public List<RowWarning> Warnings { get; init; } = [];
    /// <summary>Rows whose municipality no association covers: they land in the district's queue to be placed.</summary>
    public List<RegisterMember> Unplaced { get; } = [];
    /// <summary>Where each accepted row's membership goes (an association, or the district itself when unplaced).</summary>
    public Dictionary<string, Guid> Placement { get; } = new(StringComparer.Ordinal);
    public int CurrentMembersBefore { get; set; }

    /// <summary>The file's data rows (under the header row).</summary>
    public required int Rows { get; init; }
    public bool HasChanges => Added.Count + Changed.Count + Rejoined.Count + Ended.Count > 0;

    /// <summary>
    /// Ending more than a tenth of the district's members (and more than ten) at once is what a partial export looks
    /// like — one association's file, or a file cut short — so it is only done when the user confirms it.
    /// </summary>
    public bool NeedsEndConfirmation => Ended.Count > 10 && Ended.Count * 10 > CurrentMembersBefore;
}

/// <summary>Counts of an applied import, as stored in <see cref="MemberImport"/>, and how many recruitment contacts it showed to have joined.</summary>
public sealed record ImportOutcome(Guid ImportId, int Added, int Changed, int Rejoined, int Ended, int Unchanged, int Rejected, int Unplaced, int ProspectsJoined = 0);

public static class RegisterSync
{
    /// <summary>Reads the district's members and decides, row by row, what the export changes.</summary>
    public static async Task<ImportPlan> PlanAsync(DistriktDb db, Guid districtId, RegisterTable table, RegisterColumns columns, DateOnly today, CancellationToken ct = default)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var subtree = directory.Subtree(districtId).Select(u => u.Id).ToList();
        // Which association covers which municipality, read fresh: placing members by a stale copy would misplace them.
        var coverage = await db.Set<UnitMunicipality>().AsNoTracking()
            .Where(m => subtree.Contains(m.UnitId))
            .Select(m => new { m.MunicipalityCode, m.UnitId })
            .ToListAsync(ct);
        var associationOf = coverage.GroupBy(c => c.MunicipalityCode).ToDictionary(g => g.Key, g => g.First().UnitId);

        var registered = await RegisteredAsync(db, subtree, today, ct);
        // A row identical to the one applied last time, for a member who still has the membership, changes nothing.
        var rows = RegisterRows.Read(table, columns, (number, hash) =>
            registered.TryGetValue(number, out var r) && r.RowHash == hash && r.Current);
        var plan = new ImportPlan
        {
            Table = table.WithoutRows(), Rows = table.Rows.Count, Columns = columns, DistrictId = districtId, ImportedOn = today,
            Rejected = rows.Rejected, Warnings = rows.Warnings,
        };
        plan.CurrentMembersBefore = registered.Values.Count(r => r.Current);
        plan.Unchanged = rows.Skipped.Count;

        // Ids, memberships, names and contact details only for the members the plan compares or ends: after the
        // first import that is the one row in a hundred the register changed.
        var inFile = new HashSet<string>(rows.Skipped, StringComparer.Ordinal);
        foreach (var r in rows.Rejected) if (r.MemberNumber is not null) inFile.Add(r.MemberNumber);
        foreach (var r in rows.Members) inFile.Add(r.MemberNumber);
        var leaving = registered.Where(r => r.Value.Current && !inFile.Contains(r.Key)).Select(r => r.Key).ToList();
        var known = await KnownMembersAsync(db, subtree, today,
            rows.Members.Where(r => registered.ContainsKey(r.MemberNumber)).Select(r => r.MemberNumber).Concat(leaving).ToList(), ct);

       
        Guid PlaceOf(string? municipality) =>
            municipality is not null && associationOf.TryGetValue(municipality, out var unit) ? unit : districtId;

        foreach (var row in rows.Members)
        {
            var place = PlaceOf(row.MunicipalityCode);
            if (!known.TryGetValue(row.MemberNumber, out var k))
            {
                plan.Added.Add(row);
                plan.Placement[row.MemberNumber] = place;
                if (place == districtId) plan.Unplaced.Add(row);
                continue;
            }
            var fields = ChangedFields(row, k);
            if (k.MembershipId is null || !IsCurrent(k, today))
            {
                if (row.EndedOn is null || row.EndedOn >= today)
                {
                    plan.Rejoined.Add((row, k));
                    plan.Placement[row.MemberNumber] = place;
                    if (place == districtId) plan.Unplaced.Add(row);
                }
                else if (fields.Count > 0) plan.Changed.Add(new ChangedMember(row, k, fields, null));
                else Unchanged(row, k);
                continue;
            }
            // A member keeps the association they are in unless the register moved them to another municipality:
            // a placement staff made by hand is not undone by the next import.
            Guid? movedTo = null;
            if (row.MunicipalityCode is not null && row.MunicipalityCode != k.MunicipalityCode && place != k.UnitId)
            {
                movedTo = place;
                fields.Add("förening");
                if (place == districtId) plan.Unplaced.Add(row);
            }
            if (row.FeePaidThrough is not null && row.FeePaidThrough != k.FeePaidThrough) fields.Add("avgift betald t.o.m.");
            if (row.EndedOn is not null && row.EndedOn != k.EndedOn) fields.Add("utträdesdatum");
            if (fields.Count > 0) plan.Changed.Add(new ChangedMember(row, k, fields, movedTo));
            else Unchanged(row, k);
        }

        void Unchanged(RegisterMember row, KnownMember k)
        {
            plan.Unchanged++;
            if (k.RowHash != row.RowHash) plan.Fingerprints.Add((k.PersonId, row.RowHash));
        }

       
        // Members with a current membership whom the export no longer lists have left the register.
        var lastDay = today.AddDays(-1);
        foreach (var number in leaving)
        {
            var k = known[number];
            plan.Ended.Add(new EndedMember(k, k.StartedOn > lastDay ? k.StartedOn!.Value : lastDay));
        }
        return plan;
    }

    private static bool IsCurrent(KnownMember k, DateOnly today) => k.MembershipId is not null && (k.EndedOn is null || k.EndedOn >= today);

    /// <summary>
    /// Fields the export changes. An empty value in the export never erases what Distrikt has: members correct
    /// their own contact details here, and a register that lacks them must not wipe them out.
    /// </summary>
    private static List<string> ChangedFields(RegisterMember row, KnownMember k)
    {
        var fields = new List<string>();
        if (row.FirstName != k.FirstName) fields.Add("förnamn");
        if (row.LastName != k.LastName) fields.Add("efternamn");
        if (row.BirthDate is not null && row.BirthDate != k.BirthDate) fields.Add("födelsedatum");
        if (row.Email is not null && row.Email != k.Email) fields.Add("e-post");
        if (row.Phone is not null && row.Phone != k.Phone) fields.Add("telefon");
        if (row.StreetAddress is not null && row.StreetAddress != k.StreetAddress) fields.Add("adress");
        if (row.PostalCode is not null && row.PostalCode != k.PostalCode) fields.Add("postnummer");
        if (row.City is not null && row.City != k.City) fields.Add("ort");
        if (row.MunicipalityCode is not null && row.MunicipalityCode != k.MunicipalityCode) fields.Add("kommun");
        return fields;
    }

    /// <summary>What the comparison needs of every person with a member number: the fingerprint of the row last applied, and whether they are a member of the district today.</summary>
    private readonly record struct Registered(long? RowHash, bool Current);

    /// <summary>
    /// Every person with a member number, in one statement with three narrow columns. A re-import reads the whole
    /// district this way; reading ids and memberships too (and parsing them) cost more than the rest of the comparison.
    /// </summary>
    private static async Task<Dictionary<string, Registered>> RegisteredAsync(DistriktDb db, List<Guid> subtree, DateOnly today, CancellationToken ct)
    {
        var units = string.Join(", ", subtree.Select((_, i) => $"@u{i}"));
        var parameters = subtree.Select((_, i) => RowStatement.Parameter<Membership>(db, $"u{i}", nameof(Membership.UnitId)))
            .Append(RowStatement.Parameter<Membership>(db, "today", nameof(Membership.EndedOn))).ToList();
        // On SQLite a unary plus keeps the unit list out of the index lookup: with it the lookup runs once per unit
        // of the district for every person (10 seeks each); without it once per person, the unit checked on the row.
        var unit = db.Database.IsSqlite() ? "+m.\"UnitId\"" : "m.\"UnitId\"";
        var result = new Dictionary<string, Registered>(StringComparer.Ordinal);
        await using var query = await RowStatement.PrepareAsync(db, $"""
            SELECT p."MemberNumber", p."RegisterRowHash",
                   EXISTS (SELECT 1 FROM memberships m WHERE m."PersonId" = p."Id" AND {unit} IN ({units})
                                                         AND (m."EndedOn" IS NULL OR m."EndedOn" >= @today))
              FROM people p WHERE p."MemberNumber" IS NOT NULL
            """, parameters, ct);
        await query.ReadAsync(r => result[r.GetString(0)] = new Registered(r.IsDBNull(1) ? null : r.GetInt64(1), r.GetBoolean(2)),
            ct, [.. subtree.Cast<object?>(), today]);
        return result;
    }

    /// <summary>The members behind <paramref name="numbers"/> in full: contact details, and the membership that speaks for them in the district.</summary>
    /// <remarks>By plain SQL: a command-line import runs in a fresh process, where EF's first compilation of this query cost 150 ms.</remarks>
    private static async Task<Dictionary<string, KnownMember>> KnownMembersAsync(DistriktDb db, List<Guid> subtree, DateOnly today, List<string> numbers, CancellationToken ct)
    {
        var result = new Dictionary<string, KnownMember>(numbers.Count, StringComparer.Ordinal);
        var unit = db.Database.IsSqlite() ? "+m.\"UnitId\"" : "m.\"UnitId\"";
        var units = subtree.Select((_, i) => RowStatement.Parameter<Membership>(db, $"u{i}", nameof(Membership.UnitId))).ToList();
        foreach (var chunk in numbers.Chunk(500))
        {
            var parameters = units.Concat(chunk.Select((_, i) => RowStatement.Parameter<Person>(db, $"n{i}", nameof(Person.MemberNumber)))).ToList();
            var rows = new List<(KnownMember Person, bool Current)>();
            await using var query = await RowStatement.PrepareAsync(db, $"""
                SELECT p."Id", p."MemberNumber", p."FirstName", p."LastName", p."BirthDate", p."Email", p."Phone", p."StreetAddress",
                       p."PostalCode", p."City", p."MunicipalityCode", p."RegisterRowHash",
                       m."Id", m."UnitId", m."StartedOn", m."EndedOn", m."FeePaidThrough"
                  FROM people p LEFT JOIN memberships m ON m."PersonId" = p."Id" AND {unit} IN ({string.Join(", ", units.Select(u => "@" + u.Name))})
                 WHERE p."MemberNumber" IN ({string.Join(", ", chunk.Select((_, i) => $"@n{i}"))})
                """, parameters, ct);
            await query.ReadAsync(r =>
            {
                string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                DateOnly? Date(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);
                var hasMembership = !r.IsDBNull(12);
                rows.Add((new KnownMember(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), Date(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10),
                    hasMembership ? r.GetGuid(12) : null, hasMembership ? r.GetGuid(13) : null, hasMembership ? r.GetFieldValue<DateOnly>(14) : null, Date(15), Date(16),
                    r.IsDBNull(11) ? null : r.GetInt64(11)),
                    hasMembership && (r.IsDBNull(15) || r.GetFieldValue<DateOnly>(15) >= today)));
            }, ct, [.. subtree.Cast<object?>(), .. chunk]);
            // The membership that speaks for the person: the current one, else the one that ended last.
            foreach (var person in rows.GroupBy(r => r.Person.MemberNumber))
            {
                result[person.Key] = person.OrderByDescending(r => r.Current).ThenByDescending(r => r.Person.EndedOn ?? DateOnly.MaxValue)
                    .ThenByDescending(r => r.Person.StartedOn).First().Person;
            }
        }
        return result;
    }

    /// <summary>
    /// Carries out the plan in one transaction: every accepted row is written, or none is. Recomputes nothing;
    /// the caller plans and applies with the same database state (the apply page plans again right before).
    /// </summary>
    public static async Task<ImportOutcome> ApplyAsync(DistriktDb db, ImportPlan plan, string fileName, byte[] content, Guid? byUserId, string? byName,
        TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var import = new MemberImport
        {
            DistrictId = plan.DistrictId, AppliedAt = now, ImportedOn = plan.ImportedOn,
            FileName = fileName.Length > 255 ? fileName[..255] : fileName,
            FileSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            ByUserId = byUserId, ByName = byName, Rows = plan.Rows,
            Added = plan.Added.Count, Changed = plan.Changed.Count, Rejoined = plan.Rejoined.Count, Ended = plan.Ended.Count,
            Unchanged = plan.Unchanged, Rejected = plan.Rejected.Count, Unplaced = plan.Unplaced.Count,
        };

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var newPeople = new List<Person>(plan.Added.Count);
            var newMemberships = new List<Membership>(plan.Added.Count + plan.Rejoined.Count + plan.Changed.Count);
            foreach (var row in plan.Added)
            {
                var person = new Person
                {
                    FirstName = row.FirstName, LastName = row.LastName, MemberNumber = row.MemberNumber, BirthDate = row.BirthDate,
                    Email = row.Email, Phone = row.Phone, StreetAddress = row.StreetAddress, PostalCode = row.PostalCode, City = row.City,
                    MunicipalityCode = row.MunicipalityCode, RegisterRowHash = row.RowHash, CreatedAt = now, UpdatedAt = now,
                };
                newPeople.Add(person);
                newMemberships.Add(new Membership
                {
                    PersonId = person.Id, UnitId = plan.Placement[row.MemberNumber],
                    StartedOn = StartOf(row, plan.ImportedOn), EndedOn = row.EndedOn, FeePaidThrough = row.FeePaidThrough,
                });
            }

            await UpdateAsync(db, plan, newMemberships, now, ct);
            // The import's own record by the same path as its rows: a command-line import runs in a fresh process,
            // where change tracking's first save costs 150 ms to set up.
            await BulkInsert.InsertAsync(db, [import], ct);

            // When the export brings more new people than the district had, building the indexes once after the
            // insert is cheaper than keeping them up to date row by row.
            var mostlyNew = newPeople.Count >= 10_000 && newPeople.Count > plan.CurrentMembersBefore;
            await BulkInsert.InsertAsync(db, newPeople, ct, rebuildIndexes: mostlyNew);
            await BulkInsert.InsertAsync(db, newMemberships, ct, rebuildIndexes: mostlyNew);
            await tx.CommitAsync(ct);

            db.ChangeTracker.Clear();
        });
        return new ImportOutcome(import.Id, import.Added, import.Changed, import.Rejoined, import.Ended, import.Unchanged, import.Rejected, import.Unplaced);
    }

    private static DateOnly StartOf(RegisterMember row, DateOnly importedOn) => row.JoinedOn is { } joined && joined <= importedOn ? joined : importedOn;

    /// <summary>
    /// The changes to people and memberships already in Distrikt, by prepared statements rather than change tracking.
    /// A value passed as null keeps what the row holds (coalesce): only what the comparison found changed is written.
    /// </summary>
    private static async Task UpdateAsync(DistriktDb db, ImportPlan plan, List<Membership> newMemberships, DateTimeOffset now, CancellationToken ct)
    {
        (string, Microsoft.EntityFrameworkCore.Metadata.IProperty) P(string property) => RowStatement.Parameter<Person>(db, property, property);
        (string, Microsoft.EntityFrameworkCore.Metadata.IProperty) M(string property) => RowStatement.Parameter<Membership>(db, property, property);
        await using (var people = await RowStatement.PrepareAsync(db, """
            UPDATE people SET "FirstName" = coalesce(@FirstName, "FirstName"), "LastName" = coalesce(@LastName, "LastName"),
                   "BirthDate" = coalesce(@BirthDate, "BirthDate"), "Email" = coalesce(@Email, "Email"), "Phone" = coalesce(@Phone, "Phone"),
                   "StreetAddress" = coalesce(@StreetAddress, "StreetAddress"), "PostalCode" = coalesce(@PostalCode, "PostalCode"),
                   "City" = coalesce(@City, "City"), "MunicipalityCode" = coalesce(@MunicipalityCode, "MunicipalityCode"),
                   "RegisterRowHash" = @RegisterRowHash, "UpdatedAt" = coalesce(@UpdatedAt, "UpdatedAt")
             WHERE "Id" = @Id
            """,
            [P("FirstName"), P("LastName"), P("BirthDate"), P("Email"), P("Phone"), P("StreetAddress"), P("PostalCode"), P("City"), P("MunicipalityCode"),
             P("RegisterRowHash"), P("UpdatedAt"), P("Id")], ct))
        {
            foreach (var (row, k) in plan.Rejoined.Concat(plan.Changed.Select(c => (c.Row, c.Known))))
            {
                // An empty value in the export never erases what Distrikt has (see ChangedFields).
                await people.ExecuteAsync(ct, New(row.FirstName, k.FirstName), New(row.LastName, k.LastName), New(row.BirthDate, k.BirthDate),
                    New(row.Email, k.Email), New(row.Phone, k.Phone), New(row.StreetAddress, k.StreetAddress), New(row.PostalCode, k.PostalCode),
                    New(row.City, k.City), New(row.MunicipalityCode, k.MunicipalityCode), row.RowHash, now, k.PersonId);
            }
            // Rows equal to what Distrikt holds but with a new fingerprint: only the fingerprint changes.
            foreach (var (personId, hash) in plan.Fingerprints)
                await people.ExecuteAsync(ct, null, null, null, null, null, null, null, null, null, hash, null, personId);
        }

        foreach (var (row, known) in plan.Rejoined)
        {
            // Back after a gap: the new membership starts on the register's date if it comes after the gap, else today.
            var start = StartOf(row, plan.ImportedOn);
            if (known.EndedOn is { } lastEnd && start <= lastEnd) start = plan.ImportedOn > lastEnd ? plan.ImportedOn : lastEnd.AddDays(1);
            newMemberships.Add(new Membership
            {
                PersonId = known.PersonId, UnitId = plan.Placement[row.MemberNumber], StartedOn = start,
                EndedOn = row.EndedOn, FeePaidThrough = row.FeePaidThrough,
            });
        }

        await using var memberships = await RowStatement.PrepareAsync(db, """
            UPDATE memberships SET "FeePaidThrough" = coalesce(@FeePaidThrough, "FeePaidThrough"), "EndedOn" = coalesce(@EndedOn, "EndedOn"),
                   "UnitId" = coalesce(@UnitId, "UnitId")
             WHERE "Id" = @Id
            """, [M("FeePaidThrough"), M("EndedOn"), M("UnitId"), M("Id")], ct);
        foreach (var c in plan.Changed)
        {
            if (c.Known.MembershipId is not { } membershipId) continue;
            var startedOn = c.Known.StartedOn!.Value;
            DateOnly? fee = c.Row.FeePaidThrough is not null && c.Row.FeePaidThrough != c.Known.FeePaidThrough ? c.Row.FeePaidThrough : null;
            DateOnly? ended = c.Row.EndedOn is { } rowEnd && rowEnd != c.Known.EndedOn ? (rowEnd < startedOn ? startedOn : rowEnd) : null;
            Guid? unit = null;
            if (c.MovedTo is { } target && c.Row.EndedOn is null)
            {
                // A move ends the membership in the old association and starts one in the new: the history of
                // both stays true. A membership that started today simply changes association.
                if (startedOn >= plan.ImportedOn) unit = target;
                else
                {
                    ended = plan.ImportedOn.AddDays(-1);
                    newMemberships.Add(new Membership { PersonId = c.Known.PersonId, UnitId = target, StartedOn = plan.ImportedOn, FeePaidThrough = fee ?? c.Known.FeePaidThrough });
                }
            }
            if (fee is not null || ended is not null || unit is not null) await memberships.ExecuteAsync(ct, fee, ended, unit, membershipId);
        }
        foreach (var e in plan.Ended) await memberships.ExecuteAsync(ct, null, e.EndedOn, null, e.Known.MembershipId!.Value);
    }

    /// <summary>The export's value where it differs from what Distrikt holds; null (keep) where it is the same or empty.</summary>
    private static string? New(string? fromExport, string? held) => fromExport is not null && fromExport != held ? fromExport : null;

    private static DateOnly? New(DateOnly? fromExport, DateOnly? held) => fromExport is not null && fromExport != held ? fromExport : null;
}
