using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Distrikt.Features.RegisterImport;

/// <summary>A register export read into a header row and data rows, with what was detected about the file.</summary>
public sealed class RegisterTable
{
    public required IReadOnlyList<string> Headers { get; init; }
    public required IReadOnlyList<RegisterRow> Rows { get; init; }
    /// <summary>"CSV" or "Excel (.xlsx)".</summary>
    public required string Format { get; init; }
    /// <summary>For CSV: "UTF-8", "UTF-8 med BOM" or "Windows-1252".</summary>
    public string? EncodingName { get; init; }
    /// <summary>For CSV: the field separator found.</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// The same description without the rows. A plan keeps only this: the rows it accepted are in its own lists,
    /// and holding a 100,000-row file's every field through the writing was a third of an import's memory.
    /// </summary>
    public RegisterTable WithoutRows() => new() { Headers = Headers, Rows = [], Format = Format, EncodingName = EncodingName, Separator = Separator };
}

/// <summary>One data row; <see cref="Number"/> is the row as a spreadsheet shows it (the header is row 1).</summary>
public sealed record RegisterRow(int Number, string[] Fields);

/// <summary>Why a whole file was refused, in Swedish for the person who uploaded it.</summary>
public sealed class RegisterFileException(string message) : Exception(message);

/// <summary>
/// Reads the central register's export as it arrives: CSV in UTF-8 (with or without BOM) or Windows-1252,
/// separated by semicolons, commas or tabs, with quoted fields that may hold separators, quotes and line breaks;
/// or an Excel workbook (.xlsx, its first sheet). What kind of file it is is decided by its content, never by
/// its name.
/// </summary>
public static class RegisterFile
{
    /// <summary>A district's full export is a few MB per ten thousand members; this leaves room for 300,000.</summary>
    public const int MaxBytes = 50 * 1024 * 1024;
    public const int MaxColumns = 200;
    public const int MaxFieldLength = 2000;

    static RegisterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RegisterTable Read(byte[] content)
    {
        if (content.Length == 0) throw new RegisterFileException("Filen är tom.");
        if (content.Length > MaxBytes)
            throw new RegisterFileException($"Filen är {content.Length / (1024 * 1024)} MB; den största fil som tas emot är {MaxBytes / (1024 * 1024)} MB.");
        if (IsZip(content)) return ReadXlsx(content);
        if (IsLegacyOffice(content))
            throw new RegisterFileException("Filen är i det gamla Excel-formatet (.xls). Spara den som .xlsx eller CSV och försök igen.");
        return ReadCsv(content);
    }

    private static bool IsZip(byte[] c) => c.Length > 4 && c[0] == 'P' && c[1] == 'K' && c[2] == 3 && c[3] == 4;
    private static bool IsLegacyOffice(byte[] c) => c.Length > 8 && c[0] == 0xD0 && c[1] == 0xCF && c[2] == 0x11 && c[3] == 0xE0;

    // ---- CSV ----

    private static RegisterTable ReadCsv(byte[] content)
    {
        var (text, encodingName) = Decode(content);
        if (text.Contains('\0'))
            throw new RegisterFileException("Filen innehåller binära data och är varken en CSV-fil eller en Excel-fil (.xlsx).");
        var separator = DetectSeparator(text);
        var records = ParseCsv(text, separator);
        return ToTable(records, "CSV", encodingName, separator);
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (a BOM settles it); otherwise Windows-1252, what Excel on Swedish Windows writes.</summary>
    private static (string Text, string Name) Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
            return (Encoding.UTF8.GetString(content, 3, content.Length - 3), "UTF-8 med BOM");
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            var utf16 = content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return (utf16.GetString(content, 2, content.Length - 2), "UTF-16");
        }
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1252).GetString(content), "Windows-1252");
        }
    }

    /// <summary>The candidate that occurs most often, outside quotes, in the header line.</summary>
    private static char DetectSeparator(string text)
    {
        Span<int> counts = stackalloc int[3];
        ReadOnlySpan<char> candidates = [';', ',', '\t'];
        var inQuotes = false;
        foreach (var ch in text)
        {
            if (ch == '"') inQuotes = !inQuotes;
            else if (!inQuotes && (ch == '\n' || ch == '\r')) break;
            else if (!inQuotes)
            {
                var i = candidates.IndexOf(ch);
                if (i >= 0) counts[i]++;
            }
        }
        var best = 0;
        for (var i = 1; i < 3; i++) if (counts[i] > counts[best]) best = i;
        return candidates[best];
    }

    /// <summary>RFC 4180 with the leniency real exports need: CRLF or LF, a quote inside an unquoted field taken literally.</summary>
    /// <remarks>Unquoted fields — nearly all of a register export — are cut straight out of the text.</remarks>
    internal static List<(int Number, string[] Fields)> ParseCsv(string text, char separator)
    {
        var records = new List<(int, string[])>(text.Length / 100);
        var fields = new List<string>();
        var record = 1;
        var i = 0;
        var n = text.Length;
        ReadOnlySpan<char> stops = [separator, '\r', '\n'];
        StringBuilder? quoted = null;
        while (i <= n)
        {
            string value;
            if (i < n && text[i] == '"')
            {
                // A quoted field: separators, line breaks and doubled quotes inside it are text.
                quoted ??= new StringBuilder();
                quoted.Clear();
                i++;
                while (true)
                {
                    var close = text.IndexOf('"', i);
                    if (close < 0)
                        throw new RegisterFileException($"Rad {record}: ett citattecken (\") öppnas men stängs aldrig, så resten av filen går inte att läsa.");
                    var chunk = text.AsSpan(i, close - i);
                    quoted.Append(chunk);
                    if (close + 1 < n && text[close + 1] == '"') { quoted.Append('"'); i = close + 2; continue; }
                    i = close + 1;
                    break;
                }
                // Anything between the closing quote and the next separator belongs to the field, as spreadsheets read it.
                var rest = text.AsSpan(i).IndexOfAny(stops);
                var end = rest < 0 ? n : i + rest;
                quoted.Append(text.AsSpan(i, end - i));
                value = quoted.ToString();
                i = end;
            }
            else
            {
                var rest = i < n ? text.AsSpan(i).IndexOfAny(stops) : -1;
                var end = rest < 0 ? n : i + rest;
                value = end == i ? "" : text.Substring(i, end - i);
                i = end;
            }
            fields.Add(value);
            if (i < n && text[i] == separator) { i++; continue; }
            // End of a record (line break or end of text).
            if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add((record, fields.ToArray()));
            fields.Clear();
            if (i >= n) break;
            if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
            i++;
            record++;
        }
        return records;
    }

    private static RegisterTable ToTable(List<(int Number, string[] Fields)> records, string format, string? encodingName, char? separator)
    {
        if (records.Count == 0) throw new RegisterFileException("Filen innehåller inga rader.");
        var (headerNumber, headerFields) = records[0];
        if (headerFields.Length > MaxColumns)
            throw new RegisterFileException($"Rubrikraden har {headerFields.Length} kolumner; som mest {MaxColumns} tas emot.");
        var headers = headerFields.Select(h => h.Trim().Trim('\uFEFF')).ToList();
        if (headers.All(h => h.Length == 0)) throw new RegisterFileException($"Rubrikraden (rad {headerNumber}) är tom.");
        var rows = new List<RegisterRow>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            var (number, fields) = records[r];
            rows.Add(new RegisterRow(number, fields));
        }
        return new RegisterTable { Headers = headers, Rows = rows, Format = format, EncodingName = encodingName, Separator = separator };
    }

    // ---- XLSX ----

    /// <summary>
    /// The first worksheet of a workbook, read straight from its XML parts (shared strings and inline strings,
    /// numbers, dates as Excel serial numbers turned into ISO dates). Formulas are never evaluated: a cell's
    /// cached value is what is read.
    /// </summary>
    private static RegisterTable ReadXlsx(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var sheetEntry = FirstSheet(zip) ?? throw new RegisterFileException("Excel-filen har inget kalkylblad.");
            var shared = ReadSharedStrings(zip);
            var dateStyles = ReadDateStyles(zip);
            var records = new List<(int, string[])>();
            long expanded = 0;
            using var stream = sheetEntry.Open();
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var rowNumber = 0;
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row") { reader.Read(); continue; }
                // One row at a time as a small tree: the sheet itself may be far larger than memory should hold twice.
                var rowElement = (XElement)XNode.ReadFrom(reader);
                rowNumber = int.TryParse((string?)rowElement.Attribute("r"), out var rn) ? rn : rowNumber + 1;
                var row = new List<string>();
                foreach (var cell in rowElement.Elements().Where(e => e.Name.LocalName == "c"))
                {
                    var column = ColumnIndex((string?)cell.Attribute("r")) ?? row.Count;
                    if (column >= MaxColumns * 3)
                        throw new RegisterFileException($"Rad {rowNumber} har värden i kolumn {column + 1}; som mest {MaxColumns} kolumner tas emot.");
                    var style = int.TryParse((string?)cell.Attribute("s"), out var st) ? st : -1;
                    var value = CellValue(cell, (string?)cell.Attribute("t"), shared, dateStyles.Contains(style));
                    expanded += value.Length;
                    if (expanded > MaxBytes * 4L) throw new RegisterFileException("Excel-filen packas upp till mer än vad som tas emot.");
                    while (row.Count < column) row.Add("");
                    row.Add(value);
                }
                if (row.Any(f => f.Length > 0)) records.Add((rowNumber, row.ToArray()));
            }
            return ToTable(records, "Excel (.xlsx)", null, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException)
        {
            throw new RegisterFileException("Filen ser ut som en Excel-fil (.xlsx) men går inte att läsa; den kan vara skadad. Öppna och spara den igen, eller spara som CSV.");
        }
    }

    private static ZipArchiveEntry? FirstSheet(ZipArchive zip)
    {
        // The workbook lists sheets in tab order; its relationships say which part each one is.
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is not null && rels is not null)
        {
            string? firstId = null;
            using (var r = XmlReader.Create(workbook.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                while (r.Read())
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                    {
                        firstId = r.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                        break;
                    }
            if (firstId is not null)
            {
                using var r = XmlReader.Create(rels.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                while (r.Read())
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") == firstId)
                    {
                        var target = r.GetAttribute("Target") ?? "";
                        var path = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                        return zip.GetEntry(path);
                    }
            }
        }
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault();
    }

    private static List<string> ReadSharedStrings(ZipArchive zip)
    {
        var list = new List<string>();
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null) return list;
        using var r = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        r.MoveToContent();
        while (!r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "si") { r.Read(); continue; }
            var si = (XElement)XNode.ReadFrom(r);
            // Rich text keeps its text in runs; phonetic runs (rPh) repeat it in another script and are not part of the value.
            list.Add(string.Concat(si.Descendants().Where(e => e.Name.LocalName == "t" && e.Parent?.Name.LocalName != "rPh").Select(e => e.Value)));
        }
        return list;
    }

    /// <summary>The cell style indexes whose number format is a date, so serial numbers in them are read as dates.</summary>
    private static HashSet<int> ReadDateStyles(ZipArchive zip)
    {
        var result = new HashSet<int>();
        var entry = zip.GetEntry("xl/styles.xml");
        if (entry is null) return result;
        var customDateFormats = new HashSet<int>();
        using var r = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var inCellXfs = false;
        var index = 0;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "numFmt")
            {
                var code = (r.GetAttribute("formatCode") ?? "").ToLowerInvariant();
                if (int.TryParse(r.GetAttribute("numFmtId"), out var id) && (code.Contains('y') || code.Contains('d')) && !code.Contains('h'))
                    customDateFormats.Add(id);
            }
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "cellXfs") inCellXfs = true;
            else if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs") inCellXfs = false;
            else if (inCellXfs && r.NodeType == XmlNodeType.Element && r.LocalName == "xf")
            {
                if (int.TryParse(r.GetAttribute("numFmtId"), out var fmt) && (fmt is >= 14 and <= 17 || customDateFormats.Contains(fmt)))
                    result.Add(index);
                index++;
            }
        }
        return result;
    }

    private static string CellValue(XElement cell, string? type, List<string> shared, bool isDate)
    {
        var raw = cell.Elements().FirstOrDefault(e => e.Name.LocalName == "v")?.Value ?? "";
        var inline = string.Concat(cell.Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value));
        switch (type)
        {
            case "s":
                return int.TryParse(raw, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
            case "inlineStr":
                return inline;
            case "b":
                return raw == "1" ? "SANT" : "FALSKT";
            case "str":
            case "e":
                return raw;
            default:
                if (isDate && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
                    return DateOnly.FromDateTime(DateTime.FromOADate(serial)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                // Numbers keep their digits exactly; a member number stored as a number must not become "1.2E+5".
                if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return number.ToString(CultureInfo.InvariantCulture);
                return raw;
        }
    }

    /// <summary>"C7" → 2.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        var letters = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') { index = index * 26 + (ch - 'A' + 1); letters++; }
            else break;
        }
        return letters == 0 ? null : index - 1;
    }
}
