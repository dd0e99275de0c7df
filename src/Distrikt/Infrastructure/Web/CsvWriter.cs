using System.Text;

namespace Distrikt.Infrastructure.Web;

/// <summary>
/// Writes CSV the way Swedish Excel opens it with a double click: UTF-8 with a byte order mark (without it Excel
/// reads the file as Windows-1252 and å, ä, ö come out wrong), semicolons between cells (the comma is the
/// decimal separator in Swedish) and CRLF between rows. Every export of the app goes through this writer.
/// </summary>
/// <remarks>
/// A cell that starts with = + - @, a tab or a carriage return would be run as a formula by a spreadsheet
/// (CSV injection: a member who calls themself <c>=HYPERLINK("http://…")</c> would get a link into the
/// exporter's sheet). Such a cell is prefixed with an apostrophe, which spreadsheets show as text; OWASP's advice.
/// </remarks>
public sealed class CsvWriter(TextWriter writer)
{
    public const char Separator = ';';
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>UTF-8 that writes the byte order mark at the start of the stream.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public void WriteRow(params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) writer.Write(Separator);
            writer.Write(Cell(cells[i]));
        }
        writer.Write("\r\n");
    }

    /// <summary>One cell as it goes into the file: neutralised, and quoted when it holds a separator, a quote or a line break.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = Neutralise(value);
        if (text.AsSpan().IndexOfAny(NeedsQuotes) < 0) return text;
        return "\"" + text.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>The value with an apostrophe in front when a spreadsheet would otherwise read it as a formula.</summary>
    public static string Neutralise(string value) => StartsLikeFormula(value) ? "'" + value : value;

    public static bool StartsLikeFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(";\"\r\n");

    /// <summary>A whole file in memory: the BOM, then the rows.</summary>
    public static byte[] ToBytes(Action<CsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, Encoding, bufferSize: 64 * 1024, leaveOpen: true))
        {
            write(new CsvWriter(text));
        }
        return stream.ToArray();
    }
}
