using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Distrikt.Infrastructure.Web;

/// <summary>
/// Writes one table as an Excel workbook: a bold, frozen header row with filter buttons, then the rows.
/// Every cell is an inline string, never a formula or a number Excel would reinterpret: a name such as
/// <c>=HYPERLINK(…)</c> stays text, and member numbers and postal codes keep their leading zeros.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const uint HeaderStyle = 1;

    /// <summary>The workbook as bytes. The package format needs a seekable stream, which a response body is not.</summary>
    public static byte[] ToBytes(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, IReadOnlyList<double>? widths = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var rowCount = WriteSheet(sheet, headers, rows, widths);

            var name = SafeSheetName(sheetName);
            var lastColumn = ColumnName(headers.Count - 1);
            workbook.Workbook = new Workbook(
                new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = name }),
                new DefinedNames(new DefinedName($"'{name.Replace("'", "''")}'!$A$1:${lastColumn}${rowCount}")
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true,
                }));
        }
        return stream.ToArray();
    }

    private static int WriteSheet(WorksheetPart part, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, IReadOnlyList<double>? widths)
    {
        var rowIndex = 0;
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // The header stays in view while scrolling a long list.
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        if (widths is { Count: > 0 })
        {
            writer.WriteStartElement(new Columns());
            for (var i = 0; i < widths.Count; i++)
            {
                writer.WriteElement(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true });
            }
            writer.WriteEndElement();
        }
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, ++rowIndex, headers, HeaderStyle);
        foreach (var row in rows)
        {
            WriteRow(writer, ++rowIndex, row, null);
        }
        writer.WriteEndElement();
        writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(headers.Count - 1)}{rowIndex}" });
        writer.WriteEndElement();
        return rowIndex;
    }

    private static void WriteRow(OpenXmlWriter writer, int rowIndex, IReadOnlyList<string?> cells, uint? style)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)rowIndex });
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            var cell = new Cell
            {
                CellReference = ColumnName(i) + rowIndex,
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(XmlSafe(cells[i]!)) { Space = SpaceProcessingModeValues.Preserve }),
            };
            if (style is { } s) cell.StyleIndex = s;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    /// <summary>A, B, … Z, AA, AB, …</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Excel refuses sheet names over 31 characters or with : \ / ? * [ ].</summary>
    private static string SafeSheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray()).Trim('\'', ' ');
        if (clean.Length == 0) clean = "Blad1";
        return clean.Length <= 31 ? clean : clean[..31];
    }

    /// <summary>Control characters cannot be written in XML at all; they are dropped rather than failing the export.</summary>
    private static string XmlSafe(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : value;
}
