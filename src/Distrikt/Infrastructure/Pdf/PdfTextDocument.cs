using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Distrikt.Infrastructure.Pdf;

/// <summary>
/// Readable A4 documents of text — a title, headings, facts and lists — written top-down with word wrap and a new page
/// when one is full. PdfPig (Apache-2.0) with DejaVu Sans embedded: the fourteen standard PDF fonts cannot be relied
/// on for å, ä and ö, and a font that ships with the app needs nothing from the network when a file is made.
/// </summary>
public sealed class PdfTextDocument : IDisposable
{
    private static readonly Lazy<byte[]> RegularFont = new(() => Font("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> BoldFont = new(() => Font("DejaVuSans-Bold.ttf"));

    private static byte[] Font(string file)
    {
        using var stream = typeof(PdfTextDocument).Assembly.GetManifestResourceStream($"Distrikt.Infrastructure.Pdf.Fonts.{file}")
            ?? throw new InvalidOperationException($"Typsnittet {file} saknas i programmet.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private readonly PdfDocumentBuilder builder = new();
    private readonly PdfDocumentBuilder.AddedFont regular, bold;

    public PdfTextDocument(string title)
    {
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Producer = "Distrikt";
        regular = builder.AddTrueTypeFont(RegularFont.Value);
        bold = builder.AddTrueTypeFont(BoldFont.Value);
    }

    public byte[] Build() => builder.Build();

    public void Dispose() => builder.Dispose();

    private const double Margin = 56, Width = 595 - 2 * Margin, Bottom = 56;
    private PdfPageBuilder? _page;
    private double _y;

    private PdfPageBuilder Page(double needed)
    {
        if (_page is null || _y - needed < Bottom)
        {
            _page = builder.AddPage(PageSize.A4);
            _y = 842 - Margin;
        }
        return _page;
    }

    public void Title(string text) => Lines(text, 18, bold, 8, indent: 0);

    public void Heading(string text)
    {
        _y -= 10;
        Page(40);
        Lines(text, 13, bold, 4, indent: 0);
    }

    public void Text(string text) => Lines(text, 10, regular, 3, indent: 0);

    public void Fact(string label, string value) => Lines($"{label}: {value}", 10, regular, 2, indent: 0);

    public void List(string heading, IEnumerable<string> items)
    {
        Heading(heading);
        var any = false;
        foreach (var item in items)
        {
            any = true;
            Lines("• " + item, 10, regular, 3, indent: 10);
        }
        if (!any) Text("Inget sparat.");
    }

    private void Lines(string text, double size, PdfDocumentBuilder.AddedFont font, double after, double indent)
    {
        var lineHeight = size * 1.35;
        var words = Printable(text, font).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = "";
        var first = true;
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Measure(candidate, size, font) > Width - indent)
            {
                Draw(line, size, font, lineHeight, first ? 0 : indent);
                first = false;
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0) Draw(line, size, font, lineHeight, first ? 0 : indent);
        _y -= after;
    }

    /// <summary>
    /// The text as the font can draw it. A note may hold a character the font lacks (an emoji); it becomes "?"
    /// rather than costing the member the whole file.
    /// </summary>
    private string Printable(string text, PdfDocumentBuilder.AddedFont font)
    {
        var flat = new string(text.Select(c => char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c).ToArray());
        try
        {
            Page(0).MeasureText(flat, 10, new PdfPoint(0, 0), font);
            return flat;
        }
        catch (InvalidOperationException)
        {
            var kept = new System.Text.StringBuilder(flat.Length);
            foreach (var rune in flat.EnumerateRunes())
            {
                try { Page(0).MeasureText(rune.ToString(), 10, new PdfPoint(0, 0), font); kept.Append(rune.ToString()); }
                catch (InvalidOperationException) { kept.Append('?'); }
            }
            return kept.ToString();
        }
    }

    private double Measure(string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        var letters = Page(0).MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    private void Draw(string line, double size, PdfDocumentBuilder.AddedFont font, double lineHeight, double indent)
    {
        var page = Page(lineHeight);
        _y -= lineHeight;
        page.AddText(line, size, new PdfPoint(Margin + indent, _y), font);
    }
}
