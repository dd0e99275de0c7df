using System.Text;

namespace Distrikt.Features.Plans.Import;

/// <summary>The rules for plan text shared by the text and the Word reader: whitespace, and what marks a list item.</summary>
internal static class PlanText
{
    /// <summary>
    /// Runs of whitespace (including non-breaking spaces, tabs and control characters) become one space, and the
    /// ends are trimmed; zero-width characters are dropped. Nothing else changes: quotes, dashes and any markup
    /// stay exactly as written, because the adopted wording is what the plan is.
    /// </summary>
    public static string Normalize(ReadOnlySpan<char> text, ref int hardSpaces)
    {
        // Most lines need no change; only copy when one does.
        if (IsNormal(text)) return text.ToString();
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text)
        {
            if (IsHardSpace(ch)) { hardSpaces++; pendingSpace = true; continue; }
            if (char.IsWhiteSpace(ch) || char.IsControl(ch)) { pendingSpace = true; continue; }
            if (IsZeroWidth(ch)) continue;
            if (pendingSpace && result.Length > 0) result.Append(' ');
            pendingSpace = false;
            result.Append(ch);
        }
        return result.ToString();
    }

    public static string Normalize(ReadOnlySpan<char> text)
    {
        var ignored = 0;
        return Normalize(text, ref ignored);
    }

    private static bool IsNormal(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return true;
        if (text[0] == ' ' || text[^1] == ' ') return false;
        var previousSpace = false;
        foreach (var ch in text)
        {
            if (ch == ' ')
            {
                if (previousSpace) return false;
                previousSpace = true;
                continue;
            }
            previousSpace = false;
            if (char.IsWhiteSpace(ch) || char.IsControl(ch) || IsZeroWidth(ch)) return false;
        }
        return true;
    }

    /// <summary>A sentence that introduces a list: it ends with a colon, perhaps inside bold ("**Distriktet ska:**").</summary>
    public static bool EndsWithColon(string text) => text.TrimEnd('*', '_').EndsWith(':');

    /// <summary>No-break space, narrow no-break space and figure space: Word and web pages put them in plan texts.</summary>
    public static bool IsHardSpace(char ch) => ch is '\u00A0' or '\u202F' or '\u2007';

    private static bool IsZeroWidth(char ch) => ch is '\u200B' or '\u2060' or '\uFEFF';

    /// <summary>Glyphs that mark a list item by themselves, with or without a space after; the private-use ones are what Word's Symbol and Wingdings bullets become when copied as text.</summary>
    private const string BulletGlyphs = "•●○◦▪■□▫►▸‣⁃∙·\uF0B7\uF0A7\uF0D8\uF076\uF0FC\uF0A8";

    /// <summary>
    /// Whether <paramref name="content"/> (a line without its indentation) begins with a list marker: "-", "*",
    /// "+", "–" or "—" followed by a space; a bullet glyph; "1." or "1)" or "(1)" followed by a space; "a)";
    /// or "o" and a tab, which is how Word's second-level bullets arrive when pasted as text.
    /// </summary>
    /// <param name="rest">What follows the marker, not yet normalised; empty for a marker alone on its line.</param>
    /// <param name="nested">
    /// The marker itself says the item is nested one step: Word's second-level bullet ("o" and a tab), whose
    /// indentation is lost when pasted as text, or a letter ("a)"), which numbers the points under a numbered goal.
    /// </param>
    public static bool TryStripListMarker(string content, out string rest, out bool nested)
    {
        rest = "";
        nested = false;
        if (content.Length == 0) return false;
        var c = content[0];
        int after;
        if (c is '-' or '*' or '+' or '–' or '—') after = 1;
        else if (BulletGlyphs.Contains(c))
        {
            rest = content[1..];
            return true;
        }
        else if (c == 'o' && content.Length > 1 && content[1] == '\t')
        {
            nested = true;
            after = 1;
        }
        else if (char.IsAsciiDigit(c) || (c == '(' && content.Length > 1 && char.IsAsciiDigit(content[1])))
        {
            var i = c == '(' ? 1 : 0;
            var start = i;
            while (i < content.Length && char.IsAsciiDigit(content[i])) i++;
            // Three digits at most: "2025. Året då …" is a sentence, not item 2025.
            if (i - start > 3 || i >= content.Length) return false;
            if (c == '(' ? content[i] != ')' : content[i] is not ('.' or ')')) return false;
            after = i + 1;
        }
        else if (char.IsAsciiLetterLower(c) && content.Length > 1 && content[1] == ')')
        {
            nested = true;
            after = 2;
        }
        else return false;

        if (after < content.Length && !char.IsWhiteSpace(content[after])) return false;
        rest = content[after..];
        return true;
    }
}
