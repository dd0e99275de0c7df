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

    public int Rows => Table.Rows.Count;
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

        var known = await KnownMembersAsync(db, subtree, today, ct);
        // A row identical to the one applied last time, for a member who still has the membership, changes nothing.
        var rows = RegisterRows.Read(table, columns, (number, hash) =>
            known.TryGetValue(number, out var k) && k.RowHash == hash && IsCurrent(k, today));
        var plan = new ImportPlan { Table = table, Columns = columns, DistrictId = districtId, ImportedOn = today, Rejected = rows.Rejected, Warnings = rows.Warnings };
        plan.CurrentMembersBefore = known.Values.Count(k => IsCurrent(k, today));
        plan.Unchanged = rows.Skipped.Count;

        // Names and contact details only for the members the plan compares or names.
        var inFile = new HashSet<string>(rows.Skipped, StringComparer.Ordinal);
        foreach (var r in rows.Rejected) if (r.MemberNumber is not null) inFile.Add(r.MemberNumber);
        foreach (var r in rows.Members) inFile.Add(r.MemberNumber);
        var needDetails = rows.Members.Where(r => known.ContainsKey(r.MemberNumber)).Select(r => r.MemberNumber)
            .Concat(known.Values.Where(k => !inFile.Contains(k.MemberNumber) && IsCurrent(k, today)).Select(k => k.MemberNumber))
            .ToList();
        await LoadDetailsAsync(db, known, needDetails, ct);

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
        foreach (var k in known.Values)
        {
            if (inFile.Contains(k.MemberNumber) || !IsCurrent(k, today)) continue;
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

    /// <summary>Every person with a member number, with their membership in the district; names and contact details come later, for the few who need them.</summary>
    private static async Task<Dictionary<string, KnownMember>> KnownMembersAsync(DistriktDb db, List<Guid> subtree, DateOnly today, CancellationToken ct)
    {
        // Read with a plain data reader: a re-import reads every member of the district, and materialising
        // 200,000 rows through EF cost more than the rest of the comparison together.
        var people = new List<(Guid Id, string MemberNumber, long? RegisterRowHash)>();
        var memberships = new List<(Guid Id, Guid PersonId, Guid UnitId, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough)>();
        var inDistrict = subtree.ToHashSet();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = "SELECT \"Id\", \"MemberNumber\", \"RegisterRowHash\" FROM people WHERE \"MemberNumber\" IS NOT NULL";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    people.Add((reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
            }
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = "SELECT \"Id\", \"PersonId\", \"UnitId\", \"StartedOn\", \"EndedOn\", \"FeePaidThrough\" FROM memberships";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var unitId = reader.GetGuid(2);
                    if (!inDistrict.Contains(unitId)) continue;
                    memberships.Add((reader.GetGuid(0), reader.GetGuid(1), unitId, reader.GetFieldValue<DateOnly>(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5)));
                }
            }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
        // The membership that speaks for the person: the current one, else the one that ended last.
        var byPerson = new Dictionary<Guid, (Guid Id, Guid UnitId, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? Fee)>(memberships.Count);
        foreach (var m in memberships)
        {
            if (byPerson.TryGetValue(m.PersonId, out var held))
            {
                var heldCurrent = held.EndedOn is null || held.EndedOn >= today;
                var thisCurrent = m.EndedOn is null || m.EndedOn >= today;
                if (heldCurrent && !thisCurrent) continue;
                if (heldCurrent == thisCurrent && (held.EndedOn ?? DateOnly.MaxValue) >= (m.EndedOn ?? DateOnly.MaxValue) && held.StartedOn >= m.StartedOn) continue;
            }
            byPerson[m.PersonId] = (m.Id, m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough);
        }
        var result = new Dictionary<string, KnownMember>(people.Count, StringComparer.Ordinal);
        foreach (var p in people)
        {
            var has = byPerson.TryGetValue(p.Id, out var m);
            result[p.MemberNumber!] = new KnownMember(p.Id, p.MemberNumber!, "", "", null, null, null, null, null, null, null,
                has ? m.Id : null, has ? m.UnitId : null, has ? m.StartedOn : null, has ? m.EndedOn : null, has ? m.Fee : null, p.RegisterRowHash);
        }
        return result;
    }

    private static async Task LoadDetailsAsync(DistriktDb db, Dictionary<string, KnownMember> known, List<string> numbers, CancellationToken ct)
    {
        foreach (var chunk in numbers.Chunk(1000))
        {
            var ids = chunk.Select(n => known[n].PersonId).ToList();
            var details = await db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new { p.MemberNumber, p.FirstName, p.LastName, p.BirthDate, p.Email, p.Phone, p.StreetAddress, p.PostalCode, p.City, p.MunicipalityCode })
                .ToListAsync(ct);
            foreach (var d in details)
            {
                known[d.MemberNumber!] = known[d.MemberNumber!] with
                {
                    FirstName = d.FirstName, LastName = d.LastName, BirthDate = d.BirthDate, Email = d.Email, Phone = d.Phone,
                    StreetAddress = d.StreetAddress, PostalCode = d.PostalCode, City = d.City, MunicipalityCode = d.MunicipalityCode,
                };
            }
        }
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

            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var (row, known) in plan.Rejoined)
            {
                UpdatePerson(db, row, known, now);
                // Back after a gap: the new membership starts on the register's date if it comes after the gap, else today.
                var start = StartOf(row, plan.ImportedOn);
                if (known.EndedOn is { } lastEnd && start <= lastEnd) start = plan.ImportedOn > lastEnd ? plan.ImportedOn : lastEnd.AddDays(1);
                newMemberships.Add(new Membership
                {
                    PersonId = known.PersonId, UnitId = plan.Placement[row.MemberNumber], StartedOn = start,
                    EndedOn = row.EndedOn, FeePaidThrough = row.FeePaidThrough,
                });
            }
            foreach (var c in plan.Changed)
            {
                UpdatePerson(db, c.Row, c.Known, now);
                if (c.Known.MembershipId is not { } membershipId) continue;
                var membership = new Membership { Id = membershipId, PersonId = c.Known.PersonId, UnitId = c.Known.UnitId!.Value, StartedOn = c.Known.StartedOn!.Value, EndedOn = c.Known.EndedOn, FeePaidThrough = c.Known.FeePaidThrough };
                var entry = db.Attach(membership);
                if (c.Row.FeePaidThrough is not null && c.Row.FeePaidThrough != c.Known.FeePaidThrough)
                {
                    membership.FeePaidThrough = c.Row.FeePaidThrough;
                    entry.Property(m => m.FeePaidThrough).IsModified = true;
                }
                if (c.Row.EndedOn is not null && c.Row.EndedOn != c.Known.EndedOn)
                {
                    membership.EndedOn = c.Row.EndedOn < membership.StartedOn ? membership.StartedOn : c.Row.EndedOn;
                    entry.Property(m => m.EndedOn).IsModified = true;
                }
                if (c.MovedTo is { } target && c.Row.EndedOn is null)
                {
                    // A move ends the membership in the old association and starts one in the new: the history of
                    // both stays true. A membership that started today simply changes association.
                    if (membership.StartedOn >= plan.ImportedOn)
                    {
                        membership.UnitId = target;
                        entry.Property(m => m.UnitId).IsModified = true;
                    }
                    else
                    {
                        membership.EndedOn = plan.ImportedOn.AddDays(-1);
                        entry.Property(m => m.EndedOn).IsModified = true;
                        newMemberships.Add(new Membership { PersonId = c.Known.PersonId, UnitId = target, StartedOn = plan.ImportedOn, FeePaidThrough = membership.FeePaidThrough });
                    }
                }
            }
            foreach (var e in plan.Ended)
            {
                var membership = new Membership { Id = e.Known.MembershipId!.Value, PersonId = e.Known.PersonId, UnitId = e.Known.UnitId!.Value, StartedOn = e.Known.StartedOn!.Value, EndedOn = e.Known.EndedOn };
                db.Attach(membership);
                membership.EndedOn = e.EndedOn;
                db.Entry(membership).Property(m => m.EndedOn).IsModified = true;
            }
            foreach (var (personId, hash) in plan.Fingerprints)
            {
                var entry = db.Attach(new Person { Id = personId, FirstName = "", LastName = "" });
                entry.Property(p => p.RegisterRowHash).CurrentValue = hash;
                entry.Property(p => p.RegisterRowHash).IsModified = true;
            }
            db.Add(import);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = true;

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

    private static void UpdatePerson(DistriktDb db, RegisterMember row, KnownMember k, DateTimeOffset now)
    {
        var person = new Person { Id = k.PersonId, FirstName = k.FirstName, LastName = k.LastName };
        var entry = db.Attach(person);
        void Set<TValue>(System.Linq.Expressions.Expression<Func<Person, TValue>> property, TValue value)
        {
            var p = entry.Property(property);
            p.CurrentValue = value;
            p.IsModified = true;
        }
        if (row.FirstName != k.FirstName) Set(p => p.FirstName, row.FirstName);
        if (row.LastName != k.LastName) Set(p => p.LastName, row.LastName);
        if (row.BirthDate is not null && row.BirthDate != k.BirthDate) Set(p => p.BirthDate, row.BirthDate);
        if (row.Email is not null && row.Email != k.Email) Set(p => p.Email, row.Email);
        if (row.Phone is not null && row.Phone != k.Phone) Set(p => p.Phone, row.Phone);
        if (row.StreetAddress is not null && row.StreetAddress != k.StreetAddress) Set(p => p.StreetAddress, row.StreetAddress);
        if (row.PostalCode is not null && row.PostalCode != k.PostalCode) Set(p => p.PostalCode, row.PostalCode);
        if (row.City is not null && row.City != k.City) Set(p => p.City, row.City);
        if (row.MunicipalityCode is not null && row.MunicipalityCode != k.MunicipalityCode) Set(p => p.MunicipalityCode, row.MunicipalityCode);
        Set(p => p.RegisterRowHash, row.RowHash);
        Set(p => p.UpdatedAt, now);
    }
}
