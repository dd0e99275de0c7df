using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Distrikt.Features.Plans.Import;

/// <summary>
/// Reads an operational plan from a Word document (.docx) into the same blocks as a text plan. A paragraph in a
/// heading style ("Heading 1", in Swedish Word "Rubrik 1", or any style with an outline level) is a heading; a
/// paragraph in a numbered or bulleted list is a list item at its list level; a paragraph typed with a bullet
/// character is a list item nested by its indentation; a short paragraph entirely in bold is a heading. Table rows
/// and text boxes are kept as prose. Tracked deletions are not part of the text; tracked insertions are.
/// </summary>
public static class PlanDocxReader
{
    /// <summary>
    /// The largest part the document may unpack to, in characters. A 10 MB upload could otherwise inflate to
    /// gigabytes; real plans are a few hundred thousand characters.
    /// </summary>
    public const long MaxCharactersInPart = 40_000_000;
    public const string Format = "Word-dokument (.docx)";
    private const int MaxBoldHeadingLength = 150;
    /// <summary>Word indents each list level by half an inch.</summary>
    private const double TwipsPerLevel = 720;

    /// <exception cref="PlanFileException">The document cannot be read.</exception>
    public static ParsedPlan Read(Stream stream)
    {
        var notes = new PlanNotes();
        var parsed = PlanBuilder.Build(ToBlocks(stream, notes), PlanSourceUnit.Paragraph, notes);
        return parsed with { Report = parsed.Report with { Format = Format } };
    }

    /// <summary>The document as blocks; <see cref="PlanBlock.SourceLine"/> numbers the paragraphs (a table row counts as one).</summary>
    /// <exception cref="PlanFileException">The document cannot be read.</exception>
    public static IReadOnlyList<PlanBlock> ReadBlocks(Stream stream) => ToBlocks(stream, new PlanNotes());

    internal static List<PlanBlock> ToBlocks(Stream stream, PlanNotes notes)
    {
        try
        {
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            // Without its main part (or its body) the package is a damaged document, not an empty one.
            var main = document.MainDocumentPart ?? throw Unreadable();
            var body = main.Document?.Body ?? throw Unreadable();
            var reading = new Reading(notes, Styles.Read(main.StyleDefinitionsPart));
            reading.Container(body);
            return reading.Blocks;
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or XmlException or IOException or FormatException or InvalidOperationException)
        {
            // The SDK says the same thing several ways: a broken zip, a broken part, a part over the size limit.
            throw Unreadable();
        }
    }

    // An attribute Word would not have written ("w:val=\"x\"" for a number) is read as absent rather than refusing the document.
    private static int? Number(Int32Value? value) => value is { HasValue: true } ? value.Value : null;
    private static bool? Flag(OnOffValue? value) => value is { HasValue: true } ? value.Value : null;

    private static PlanFileException Unreadable() =>
        new("Filen ser ut som ett Word-dokument (.docx) men går inte att läsa; den kan vara skadad eller för stor. Öppna och spara den i Word igen, eller spara den som text.");

    /// <summary>What a paragraph style says about headings, lists and bold, following "based on" to the styles it inherits.</summary>
    private sealed class Styles
    {
        private readonly Dictionary<string, Style> byId = new(StringComparer.Ordinal);
        private string? defaultParagraphStyle;

        public static Styles Read(StyleDefinitionsPart? part)
        {
            var styles = new Styles();
            foreach (var style in part?.Styles?.Elements<Style>() ?? [])
            {
                if (style.StyleId?.Value is not { } id) continue;
                styles.byId.TryAdd(id, style);
                if (style.Type is { HasValue: true } type && type.Value == StyleValues.Paragraph && Flag(style.Default) == true) styles.defaultParagraphStyle = id;
            }
            return styles;
        }

        /// <summary>The style and those it is based on, nearest first; a loop in "based on" ends the chain.</summary>
        private IEnumerable<(string Id, Style? Style)> Chain(string? styleId)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var id = styleId ?? defaultParagraphStyle;
            while (id is not null && seen.Add(id) && seen.Count <= 20)
            {
                byId.TryGetValue(id, out var style);
                yield return (id, style);
                id = style?.BasedOn?.Val?.Value;
            }
        }

        public bool IsHeading(string? styleId)
        {
            foreach (var (id, style) in Chain(styleId))
            {
                if (IsHeadingName(id) || IsHeadingName(style?.StyleName?.Val?.Value)) return true;
                if (Number(style?.StyleParagraphProperties?.OutlineLevel?.Val) is { } level) return level < 9;
            }
            return false;
        }

        /// <summary>Built-in names are stored in English whatever the language of Word; the ids follow the language.</summary>
        private static bool IsHeadingName(string? name)
        {
            if (name is null) return false;
            var compact = name.Replace(" ", "", StringComparison.Ordinal);
            if (compact.Equals("Title", StringComparison.OrdinalIgnoreCase) || compact.Equals("Rubrik", StringComparison.OrdinalIgnoreCase)) return true;
            foreach (var prefix in (ReadOnlySpan<string>)["heading", "rubrik"])
                if (compact.Length == prefix.Length + 1 && compact.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && char.IsAsciiDigit(compact[^1]))
                    return true;
            return false;
        }

        public NumberingProperties? Numbering(string? styleId)
        {
            foreach (var (_, style) in Chain(styleId))
                if (style?.StyleParagraphProperties?.NumberingProperties is { } numbering) return numbering;
            return null;
        }

        public bool? Bold(string? styleId, bool paragraphStyle)
        {
            foreach (var (_, style) in paragraphStyle ? Chain(styleId) : CharacterChain(styleId))
                if (style?.StyleRunProperties?.Bold is { } bold) return Flag(bold.Val) ?? true;
            return null;
        }

        private IEnumerable<(string Id, Style? Style)> CharacterChain(string? styleId) =>
            styleId is null ? [] : Chain(styleId);
    }

    private sealed class Reading(PlanNotes notes, Styles styles)
    {
        public List<PlanBlock> Blocks { get; } = [];
        private int number;

        /// <summary>The body, or a content control or custom XML around paragraphs: its blocks in document order.</summary>
        public void Container(OpenXmlElement container)
        {
            foreach (var element in container.ChildElements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        ReadParagraph(paragraph);
                        break;
                    case Table table:
                        ReadTable(table);
                        break;
                    case SectionProperties:
                        break;
                    default:
                        if (element.HasChildren) Container(element);
                        break;
                }
            }
        }

        private void ReadParagraph(Paragraph paragraph)
        {
            number++;
            var line = number;
            var text = PlanText.Normalize(Text(paragraph), ref notes.HardSpaces);
            Blocks.Add(Classify(paragraph, text, line));
            // Text boxes anchored in the paragraph hold paragraphs of their own.
            foreach (var inner in Nested(paragraph))
            {
                number++;
                var innerText = PlanText.Normalize(Text(inner), ref notes.HardSpaces);
                if (innerText.Length == 0) continue;
                Blocks.Add(new PlanBlock(PlanBlockKind.Paragraph, innerText, number));
                notes.At(PlanNote.TextBox, number);
            }
        }

        private PlanBlock Classify(Paragraph paragraph, string text, int line)
        {
            if (text.Length == 0) return new PlanBlock(PlanBlockKind.Blank, "", line);
            var properties = paragraph.ParagraphProperties;
            var styleId = properties?.ParagraphStyleId?.Val?.Value;

            if (Number(properties?.OutlineLevel?.Val) is { } outline ? outline < 9 : styles.IsHeading(styleId))
                return new PlanBlock(PlanBlockKind.Heading, text, line);

            // Direct numbering wins over the style's; number 0 means "no list" even in a list style.
            var numbering = properties?.NumberingProperties ?? styles.Numbering(styleId);
            if (numbering is not null && Number(numbering.NumberingId?.Val) is { } numId && numId != 0)
            {
                var level = Number(numbering.NumberingLevelReference?.Val)
                            ?? Number(styles.Numbering(styleId)?.NumberingLevelReference?.Val)
                            ?? 0;
                return new PlanBlock(PlanBlockKind.Bullet, text, line, level);
            }

            // A bullet typed by hand, or pasted in: nested by how far the paragraph is indented.
            if (PlanText.TryStripListMarker(text, out var rest, out var nested))
            {
                var itemText = PlanText.Normalize(rest);
                if (itemText.Length == 0) return new PlanBlock(PlanBlockKind.Blank, "", line);
                return new PlanBlock(PlanBlockKind.Bullet, itemText, line, IndentLevel(properties?.Indentation) + (nested ? 1 : 0));
            }

            if (text.Length <= MaxBoldHeadingLength && !PlanText.EndsWithColon(text) && AllBold(paragraph, styleId))
            {
                notes.At(PlanNote.BoldHeading, line);
                return new PlanBlock(PlanBlockKind.Heading, text, line);
            }
            return new PlanBlock(PlanBlockKind.Paragraph, text, line);
        }

        private static int IndentLevel(Indentation? indentation)
        {
            var value = indentation?.Left?.Value ?? indentation?.Start?.Value;
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var twips)) return 0;
            return (int)Math.Round(Math.Max(0, twips) / TwipsPerLevel);
        }

        /// <summary>Every run with visible text is bold, directly or by its character or paragraph style.</summary>
        private bool AllBold(Paragraph paragraph, string? styleId)
        {
            var paragraphBold = styles.Bold(styleId, paragraphStyle: true) ?? false;
            var any = false;
            foreach (var run in Runs(paragraph))
            {
                var runText = string.Concat(run.Elements<Text>().Select(t => t.Text));
                if (string.IsNullOrWhiteSpace(runText)) continue;
                any = true;
                var properties = run.RunProperties;
                var bold = properties?.Bold is { } direct
                    ? Flag(direct.Val) ?? true
                    : styles.Bold(properties?.RunStyle?.Val?.Value, paragraphStyle: false) ?? paragraphBold;
                if (!bold) return false;
            }
            return any;
        }

        /// <summary>A table row is one paragraph of prose, its cells separated by "|": a plan's tables (budgets, time plans) are not lists of goals.</summary>
        private void ReadTable(Table table)
        {
            foreach (var row in table.Descendants<TableRow>().Where(r => r.Ancestors<Table>().First() == table))
            {
                number++;
                var cells = row.Descendants<TableCell>()
                    .Where(c => c.Ancestors<TableRow>().First() == row)
                    .Select(c => PlanText.Normalize(string.Join(' ', c.Descendants<Paragraph>().Where(p => !InFallback(p, c)).Select(Text)), ref notes.HardSpaces))
                    .Where(t => t.Length > 0)
                    .ToList();
                if (cells.Count == 0) { Blocks.Add(new PlanBlock(PlanBlockKind.Blank, "", number)); continue; }
                Blocks.Add(new PlanBlock(PlanBlockKind.Paragraph, string.Join(" | ", cells), number));
                notes.At(PlanNote.TableRow, number);
            }
        }

        private static bool InFallback(OpenXmlElement element, OpenXmlElement within)
        {
            for (var parent = element.Parent; parent is not null && parent != within; parent = parent.Parent)
                if (parent is AlternateContentFallback) return true;
            return false;
        }

        /// <summary>
        /// The paragraph's own text: text boxes inside it are read as paragraphs of their own, the fallback copy
        /// Word keeps of a text box for old readers is skipped, and deleted or moved-away text is not text.
        /// </summary>
        private static string Text(Paragraph paragraph)
        {
            var text = new StringBuilder();
            Append(paragraph, text);
            return text.ToString();

            static void Append(OpenXmlElement element, StringBuilder text)
            {
                foreach (var child in element.ChildElements)
                {
                    switch (child)
                    {
                        case Text t: text.Append(t.Text); break;
                        case TabChar or Break or CarriageReturn or PositionalTab: text.Append(' '); break;
                        case NoBreakHyphen: text.Append('-'); break;
                        case Paragraph or AlternateContentFallback or DeletedRun or MoveFromRun: break;
                        default: if (child.HasChildren) Append(child, text); break;
                    }
                }
            }
        }

        private static IEnumerable<Run> Runs(Paragraph paragraph)
        {
            var runs = new List<Run>();
            Collect(paragraph);
            return runs;

            void Collect(OpenXmlElement element)
            {
                foreach (var child in element.ChildElements)
                {
                    if (child is Run run) runs.Add(run);
                    else if (child is Paragraph or AlternateContentFallback or DeletedRun or MoveFromRun) continue;
                    else if (child.HasChildren) Collect(child);
                }
            }
        }

        /// <summary>Paragraphs of text boxes anchored in this paragraph, outermost first.</summary>
        private static IEnumerable<Paragraph> Nested(Paragraph paragraph) =>
            paragraph.Descendants<Paragraph>().Where(p => !InFallback(p, paragraph));
    }
}
