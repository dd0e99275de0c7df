using System.Globalization;
using System.Text;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.RegisterImport;

/// <summary>The outcome of reading and planning an export: a plan, or why the whole file was refused.</summary>
public sealed record PreparedImport(ImportPlan? Plan, string? Refusal)
{
    public static PreparedImport Refused(string reason) => new(null, reason);
}

/// <summary>The steps the upload page and the <c>members import</c> verb share: read, map, plan, apply, log.</summary>
public static class RegisterImporter
{
    /// <param name="chosenColumns">A mapping the user chose for this file; null uses the district's saved mapping, then the headers.</param>
    public static async Task<PreparedImport> PrepareAsync(DistriktDb db, Guid districtId, byte[] content, IReadOnlyDictionary<string, string>? chosenColumns,
        DateOnly today, CancellationToken ct = default)
    {
        RegisterTable table;
        try
        {
            table = RegisterFile.Read(content);
        }
        catch (RegisterFileException e)
        {
            return PreparedImport.Refused(e.Message);
        }
        var saved = chosenColumns ?? RegisterColumns.FromJson(await db.Set<MemberImportMapping>().AsNoTracking()
            .Where(m => m.DistrictId == districtId).Select(m => m.Columns).FirstOrDefaultAsync(ct));
        var columns = RegisterColumns.Merge(table.Headers, saved);
        var missing = columns.MissingRequired.Select(f => f.Label).ToList();
        if (missing.Count > 0)
        {
            var plan = new ImportPlan { Table = table.WithoutRows(), Rows = table.Rows.Count, Columns = columns, DistrictId = districtId, ImportedOn = today };
            return new PreparedImport(plan, $"Kolumnen för {Join(missing)} saknas. Välj vilken kolumn i filen som innehåller {(missing.Count == 1 ? "den" : "dem")}.");
        }
        return new PreparedImport(await RegisterSync.PlanAsync(db, districtId, table, columns, today, ct), null);
    }

    public static async Task<ImportOutcome> ApplyAsync(DistriktDb db, AuditLog audit, AuditActor actor, ImportPlan plan, string fileName, byte[] content,
        bool saveColumns, TimeProvider clock, CancellationToken ct = default)
    {
        var outcome = await RegisterSync.ApplyAsync(db, plan, fileName, content, actor.UserId, actor.Name, clock, ct);
        if (saveColumns)
        {
            var mapping = await db.Set<MemberImportMapping>().FirstOrDefaultAsync(m => m.DistrictId == plan.DistrictId, ct);
            if (mapping is null) db.Add(new MemberImportMapping { DistrictId = plan.DistrictId, Columns = plan.Columns.ToJson(), UpdatedAt = clock.GetUtcNow() });
            else { mapping.Columns = plan.Columns.ToJson(); mapping.UpdatedAt = clock.GetUtcNow(); }
            await db.SaveChangesAsync(ct);
        }
        // The entry names the counts, never who: the import's own record keeps the file's checksum. Written before
        // anything else runs, so a committed import always has its entry.
        await audit.RecordAsync(actor, AuditAction.Change, "Medlemsimport", outcome.ImportId.ToString(),
            $"Medlemsregistret importerat: {outcome.Added} nya, {outcome.Changed} ändrade, {outcome.Rejoined} återkomna, {outcome.Ended} avslutade, {outcome.Rejected} avvisade rader", ct);
        // Then, in a transaction of its own: a contact who is now in the register has joined.
        var joined = await Recruitment.Prospects.MarkJoinedAsync(db, plan.DistrictId, plan.ImportedOn, ct);
        if (joined > 0)
        {
            await audit.RecordAsync(actor, AuditAction.Change, "Rekryteringskontakt", plan.DistrictId.ToString(),
                $"{joined} kontakter från rekryteringskön fanns i medlemsimporten och är markerade som nya medlemmar", ct);
        }
        return outcome with { ProspectsJoined = joined };
    }

    /// <summary>The districts an import may target; the CLI and the page pick among them.</summary>
    public static async Task<List<UnitInfo>> DistrictsAsync(DistriktDb db, CancellationToken ct = default) =>
        (await UnitDirectory.GetAsync(db, ct)).Units.Values.Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).ToList();

    /// <summary>The preview as text, for the command line: counts, then each rejected row with its number and reason.</summary>
    public static string Summary(ImportPlan plan, int maxListed = 200)
    {
        var sv = CultureInfo.GetCultureInfo("sv-SE");
        string N(int n) => n.ToString("N0", sv);
        var sb = new StringBuilder();
        var t = plan.Table;
        var detected = t.Format == "CSV" ? $"CSV, {t.EncodingName}, skiljetecken {SeparatorName(t.Separator)}" : t.Format;
        sb.AppendLine($"Filen: {detected}, {N(plan.Rows)} rader.");
        sb.AppendLine("Kolumner: " + string.Join(", ", RegisterColumns.All.Where(f => plan.Columns.Headers.ContainsKey(f.Key)).Select(f => $"{f.Label} ← \"{plan.Columns.Headers[f.Key]}\"")));
        sb.AppendLine($"  Nya medlemmar:          {N(plan.Added.Count)}");
        sb.AppendLine($"  Ändrade uppgifter:      {N(plan.Changed.Count)}");
        sb.AppendLine($"  Återkomna medlemmar:    {N(plan.Rejoined.Count)}");
        sb.AppendLine($"  Avslutade medlemskap:   {N(plan.Ended.Count)}");
        sb.AppendLine($"  Oförändrade:            {N(plan.Unchanged)}");
        sb.AppendLine($"  Att placera i förening: {N(plan.Unplaced.Count)}");
        sb.AppendLine($"  Avvisade rader:         {N(plan.Rejected.Count)}");
        foreach (var r in plan.Rejected.Take(maxListed)) sb.AppendLine($"    Rad {r.Row}, {r.Field}: {r.Reason}");
        if (plan.Rejected.Count > maxListed) sb.AppendLine($"    … och {N(plan.Rejected.Count - maxListed)} till.");
        if (plan.Warnings.Count > 0)
        {
            sb.AppendLine($"  Varningar:              {N(plan.Warnings.Count)}");
            foreach (var w in plan.Warnings.Take(maxListed)) sb.AppendLine($"    Rad {w.Row}, {w.Field}: {w.Message}");
        }
        return sb.ToString();
    }

    public static string SeparatorName(char? c) => c switch { ';' => "semikolon", ',' => "komma", '\t' => "tabb", _ => "–" };

    private static string Join(List<string> items) => items.Count == 1 ? items[0] : string.Join(", ", items[..^1]) + " och " + items[^1];
}
