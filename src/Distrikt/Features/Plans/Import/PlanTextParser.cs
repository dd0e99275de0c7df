using System.Text;

namespace Distrikt.Features.Plans.Import;

/// <summary>
/// Reads an operational plan written as Markdown or as plain text (often pasted out of Word or an e-mail).
/// Headings are <c>#</c> lines, underlined lines or lines entirely in bold (<c>**…**</c>); when the text marks no
/// heading at all, short lines standing alone without punctuation are taken as headings. List items start with
/// "-", "*", "+", "•", "●", "–", "1.", "1)", "a)" and the like; a line right after an item that continues its
/// sentence is joined to it, and items indented further than the one before (or marked "a)" or, as Word pastes
/// its second level, "o") are nested under it.
/// </summary>
public static class PlanTextParser
{
    /// <summary>Standing alone, a line this short without final punctuation is a heading in a text that marks none.</summary>
    private const int GuessedHeadingMaxLength = 80;
    private const int GuessedHeadingMaxWords = 10;
    /// <summary>An item's last line at least this long, not ending a sentence, was wrapped by the writer's editor.</summary>
    private const int WrappedLineMinLength = 60;
    private const int MaxBoldHeadingLength = 150;

    public static ParsedPlan Parse(string text) => Parse(SplitLines(text));

    public static ParsedPlan Parse(IReadOnlyList<string> lines)
    {
        var notes = new PlanNotes();
        var blocks = ToBlocks(lines, notes);
        return PlanBuilder.Build(blocks, PlanSourceUnit.Line, notes);
    }

    /// <summary>The logical blocks of the text, for callers that build something else from them.</summary>
    public static IReadOnlyList<PlanBlock> ReadBlocks(IReadOnlyList<string> lines) => ToBlocks(lines, new PlanNotes());

    /// <summary>
    /// Lines as an editor counts them: CR LF, LF and CR end a line, and so do the line and paragraph separators,
    /// vertical tab and form feed, which text copied out of Word can hold.
    /// </summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch is not ('\n' or '\r' or '\u2028' or '\u2029' or '\v' or '\f' or '\u0085')) continue;
            lines.Add(text[start..i]);
            if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private enum LineKind { Blank, Heading, BoldHeading, Bullet, Paragraph, EqualsLine, DashLine, Rule }

    private readonly record struct Line(LineKind Kind, int Number, int Indent, string Text, int Length);

    internal static List<PlanBlock> ToBlocks(IReadOnlyList<string> lines, PlanNotes notes)
    {
        var blocks = new List<PlanBlock>();
        var multiLine = new HashSet<int>(); // indexes of blocks made of several lines: never guessed to be headings
        var anyHeading = false;

        // The block being read: a list item or a paragraph, which following lines may still join.
        PlanBlockKind? openKind = null;
        var openText = new StringBuilder();
        int openNumber = 0, openIndent = 0, openLines = 0, openLastLength = 0;
        var openLastText = "";

        // For telling indented prose inside a list apart from prose after it.
        var bulletIndent = -1;
        var blankSinceBullet = false;

        void Close()
        {
            if (openKind is not { } kind) return;
            var text = openText.ToString();
            if (text.Length > 0)
            {
                if (openLines > 1) multiLine.Add(blocks.Count);
                blocks.Add(new PlanBlock(kind, text, openNumber, kind == PlanBlockKind.Bullet ? openIndent : 0));
            }
            openKind = null;
            openText.Clear();
        }

        void Open(PlanBlockKind kind, Line line)
        {
            openKind = kind;
            openText.Append(line.Text);
            openNumber = line.Number;
            openIndent = line.Indent;
            openLines = 1;
            openLastLength = line.Length;
            openLastText = line.Text;
        }

        void Join(Line line)
        {
            if (openText.Length > 0) openText.Append(' ');
            openText.Append(line.Text);
            openLines++;
            openLastLength = line.Length;
            openLastText = line.Text;
        }

        void AddBlank(int number)
        {
            if (blocks.Count == 0 || blocks[^1].Kind != PlanBlockKind.Blank) blocks.Add(new PlanBlock(PlanBlockKind.Blank, "", number));
        }

        for (var index = 0; index < lines.Count; index++)
        {
            var line = Classify(lines[index], index + 1, notes);
            switch (line.Kind)
            {
                case LineKind.Blank:
                    Close();
                    AddBlank(line.Number);
                    if (bulletIndent >= 0) blankSinceBullet = true;
                    break;

                case LineKind.Heading:
                case LineKind.BoldHeading:
                    Close();
                    blocks.Add(new PlanBlock(PlanBlockKind.Heading, line.Text, line.Number));
                    if (line.Kind == LineKind.BoldHeading) notes.At(PlanNote.BoldHeading, line.Number);
                    anyHeading = true;
                    bulletIndent = -1;
                    break;

                case LineKind.EqualsLine:
                case LineKind.DashLine:
                    // Underlined: the one line above is a heading. Otherwise the line is a divider and holds no words.
                    if (openKind == PlanBlockKind.Paragraph && openLines == 1 && openNumber == line.Number - 1)
                    {
                        openKind = PlanBlockKind.Heading;
                        Close();
                        anyHeading = true;
                        bulletIndent = -1;
                        break;
                    }
                    Close();
                    AddBlank(line.Number);
                    break;

                case LineKind.Rule:
                    Close();
                    AddBlank(line.Number);
                    break;

                case LineKind.Bullet:
                    Close();
                    Open(PlanBlockKind.Bullet, line);
                    bulletIndent = line.Indent;
                    blankSinceBullet = false;
                    break;

                case LineKind.Paragraph:
                    if (openKind == PlanBlockKind.Bullet)
                    {
                        if (openText.Length == 0) { Join(line); break; } // a marker alone on its line, its text below
                        if (ContinuesItem(line))
                        {
                            if (openLines == 1) notes.At(PlanNote.WrappedBullet, openNumber);
                            Join(line);
                            break;
                        }
                        Close();
                        notes.At(PlanNote.ProseAfterBullet, line.Number);
                    }
                    else if (openKind == PlanBlockKind.Paragraph)
                    {
                        // A line ending with a colon is kept as a paragraph of its own: it may be the lead-in of a
                        // list. So is each row of a Markdown table, which joined would be unreadable.
                        if (!PlanText.EndsWithColon(openLastText) && !PlanText.EndsWithColon(line.Text)
                            && !openLastText.StartsWith('|') && !line.Text.StartsWith('|')) { Join(line); break; }
                        Close();
                    }
                    else if (bulletIndent >= 0 && blankSinceBullet && line.Indent > bulletIndent)
                    {
                        notes.At(PlanNote.IndentedProseInList, line.Number);
                    }
                    Open(PlanBlockKind.Paragraph, line);
                    bulletIndent = -1;
                    break;
            }
        }
        Close();

        if (!anyHeading) GuessHeadings(blocks, multiLine, notes);
        return blocks;

        // A line right after an item continues it when it is indented under it, does not start a new sentence, or
        // follows a long line that stops mid-sentence (wrapped by an editor). Otherwise it is prose after the list.
        bool ContinuesItem(Line line)
        {
            if (line.Indent > openIndent) return true;
            foreach (var ch in line.Text)
            {
                if (char.IsDigit(ch)) return true;
                if (char.IsLetter(ch))
                {
                    if (!char.IsUpper(ch)) return true;
                    break;
                }
            }
            return openLastLength >= WrappedLineMinLength && !EndsSentence(openLastText);
        }
    }

    /// <summary>Ends with sentence punctuation, perhaps followed by a closing quote or parenthesis.</summary>
    private static bool EndsSentence(string text)
    {
        var trimmed = text.AsSpan().TrimEnd("”\"’')»");
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or ':' or ';' or '…';
    }

    private static Line Classify(string raw, int number, PlanNotes notes)
    {
        var indent = 0;
        var position = 0;
        for (; position < raw.Length; position++)
        {
            var ch = raw[position];
            if (ch == '\t') indent = (indent / 4 + 1) * 4;
            else if (char.IsWhiteSpace(ch) || ch == '\uFEFF') indent++;
            else break;
        }
        var content = raw[position..];
        var text = PlanText.Normalize(content, ref notes.HardSpaces);
        if (text.Length == 0) return new Line(LineKind.Blank, number, indent, "", 0);

        if (IsRun(text, '=')) return new Line(LineKind.EqualsLine, number, indent, text, raw.Length);
        if (IsRun(text, '-')) return new Line(LineKind.DashLine, number, indent, text, raw.Length);
        if (IsRule(text)) return new Line(LineKind.Rule, number, indent, text, raw.Length);

        if (AtxHeading(text) is { } heading) return new Line(LineKind.Heading, number, indent, heading, raw.Length);

        if (PlanText.TryStripListMarker(content, out var rest, out var nested))
            return new Line(LineKind.Bullet, number, nested ? indent + 1 : indent, PlanText.Normalize(rest), raw.Length);

        if (BoldHeading(text) is { } bold) return new Line(LineKind.BoldHeading, number, indent, bold, raw.Length);
        return new Line(LineKind.Paragraph, number, indent, text, raw.Length);
    }

    private static bool IsRun(string text, char mark) => text.Length >= 3 && text.AsSpan().IndexOfAnyExcept(mark) < 0;

    /// <summary>"***", "___", "- - -": a divider in Markdown.</summary>
    private static bool IsRule(string text)
    {
        var mark = text[0];
        if (mark is not ('-' or '*' or '_')) return false;
        var count = 0;
        foreach (var ch in text)
        {
            if (ch == mark) count++;
            else if (ch != ' ') return false;
        }
        return count >= 3;
    }

    /// <summary>"## Mål och aktiviteter ##" → "Mål och aktiviteter".</summary>
    private static string? AtxHeading(string text)
    {
        var hashes = 0;
        while (hashes < text.Length && text[hashes] == '#') hashes++;
        if (hashes is 0 or > 6 || (hashes < text.Length && text[hashes] != ' ')) return null;
        var heading = text[hashes..].Trim();
        var closing = heading.Length;
        while (closing > 0 && heading[closing - 1] == '#') closing--;
        if (closing == 0) return null; // "#" alone holds no words
        if (closing < heading.Length && heading[closing - 1] == ' ') heading = heading[..closing].TrimEnd();
        return heading;
    }

    /// <summary>
    /// "**Mål och aktiviteter**" → "Mål och aktiviteter". A bold line ending with a colon is a lead-in to a list,
    /// and a long one is an emphasised sentence; both stay prose.
    /// </summary>
    private static string? BoldHeading(string text)
    {
        foreach (var mark in (ReadOnlySpan<string>)["**", "__"])
        {
            if (text.Length <= 4 || !text.StartsWith(mark, StringComparison.Ordinal) || !text.EndsWith(mark, StringComparison.Ordinal)) continue;
            var inner = text[2..^2].Trim();
            if (inner.Length == 0 || inner.Length > MaxBoldHeadingLength || inner.Contains(mark, StringComparison.Ordinal) || inner.EndsWith(':')) return null;
            return inner;
        }
        return null;
    }

    /// <summary>
    /// For a text that marks no heading at all (pasted out of Word, headings lose their style): a short line with
    /// blank lines around it, without final punctuation and starting with a capital, before more text.
    /// </summary>
    private static void GuessHeadings(List<PlanBlock> blocks, HashSet<int> multiLine, PlanNotes notes)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind != PlanBlockKind.Paragraph || multiLine.Contains(i)) continue;
            if (i > 0 && blocks[i - 1].Kind != PlanBlockKind.Blank) continue;
            if (i + 1 >= blocks.Count) continue;
            var next = blocks[i + 1];
            if (next.Kind == PlanBlockKind.Paragraph || next.Kind == PlanBlockKind.Heading) continue;
            if (next.Kind == PlanBlockKind.Blank && i + 2 >= blocks.Count) continue;
            if (!LooksLikeHeading(block.Text)) continue;
            blocks[i] = block with { Kind = PlanBlockKind.Heading };
            notes.At(PlanNote.GuessedHeading, block.SourceLine);
        }
    }

    private static bool LooksLikeHeading(string text)
    {
        if (text.Length > GuessedHeadingMaxLength || EndsSentence(text) || text.EndsWith(',')) return false;
        if (text.Count(c => c == ' ') + 1 > GuessedHeadingMaxWords) return false;
        var first = text[0];
        return char.IsUpper(first) || char.IsDigit(first);
    }
}
