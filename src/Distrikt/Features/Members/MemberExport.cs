using Distrikt.Features.RegisterImport;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;

namespace Distrikt.Features.Members;

/// <summary>
/// The member list as a file: the columns a board works with outside Distrikt (a mail merge for letters, a
/// call list on paper). The birth date is left out: a list of contacts does not need it, and a file cannot be
/// taken back once it is on someone's laptop.
/// </summary>
public static class MemberExport
{
    public static readonly string[] Headers =
    [
        "Medlemsnummer", "Förnamn", "Efternamn", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort", "Kommun",
        "Förening", "Medlem sedan", "Medlemskap avslutat", "Avgift betald till och med", "Taggar",
    ];

    private static readonly double[] Widths = [14, 16, 18, 30, 16, 26, 11, 16, 16, 28, 13, 13, 14, 24];

    public static IEnumerable<string?[]> Rows(IEnumerable<MemberExportRow> rows, UnitDirectorySnapshot directory) =>
        rows.Select(r => new[]
        {
            r.Member.MemberNumber,
            r.Member.FirstName,
            r.Member.LastName,
            r.Member.Email,
            r.Member.Phone is { } phone ? RegisterRows.FormatPhone(phone) : null,
            r.StreetAddress,
            PostalCode(r.PostalCode),
            r.City,
            SwedishGeography.FindMunicipality(r.MunicipalityCode)?.ShortName,
            directory.Units.TryGetValue(r.Member.UnitId, out var unit) ? unit.Name : null,
            SwedishFormat.Date(r.Member.StartedOn),
            SwedishFormat.Date(r.Member.EndedOn),
            SwedishFormat.Date(r.Member.FeePaidThrough),
            string.Join(", ", r.Tags),
        });

    public static byte[] Csv(IReadOnlyList<MemberExportRow> rows, UnitDirectorySnapshot directory) => CsvWriter.ToBytes(csv =>
    {
        csv.WriteRow(Headers);
        foreach (var row in Rows(rows, directory)) csv.WriteRow(row);
    });

    public static byte[] Xlsx(IReadOnlyList<MemberExportRow> rows, UnitDirectorySnapshot directory) =>
        XlsxWriter.ToBytes("Medlemmar", Headers, Rows(rows, directory), Widths);

    /// <summary>752 36, as Swedish postal codes are written.</summary>
    public static string? PostalCode(string? code) => code is { Length: 5 } ? code[..3] + " " + code[3..] : code;

    /// <summary>"medlemmar-vansterpartiet-tierp-2026-11-24.csv": a file name that survives every mail program and file system.</summary>
    public static string FileName(string unitName, DateOnly day, string extension) =>
        $"medlemmar-{MemberSearch.Slug(unitName)}-{SwedishFormat.Date(day)}.{extension}";
}
