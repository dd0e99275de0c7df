using System.Linq.Expressions;
using System.Text;
using Distrikt.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Distrikt.Features.Members;

/// <summary>
/// What the member list's search box matches: the beginnings of the words of a person's name, e-mail address,
/// member number and phone number, kept in one column the database maintains itself (a stored computed
/// column), so neither the register import nor any other writer of people has to, and a search reads one
/// column instead of five. See decision 0012.
/// </summary>
/// <remarks>
/// Words, not any part of the text: "ali" finds Ali and Alicia but not Malin. The e-mail address is split into
/// words at . @ - _ + so "malin.h" still finds malin.hakansson@…, and a double-barrelled name at its hyphen.
/// The column is folded: lower case, and å ä ö é ü written as a a o e u. SQLite's lower() only knows A–Z, so
/// without the folding "åsa" would not find "Åsa" there while it would on PostgreSQL; folded, a search typed on
/// a phone without Swedish letters ("hakan") still finds Håkan. The same folding is applied to what is typed.
/// Phone numbers are kept as one word of digits, so 070-123 45 67 and +46 70 123 45 67 find the same member.
/// </remarks>
public static class MemberSearch
{
    public const string Column = "SearchText";

    /// <summary>Letters folded the same way in the column and in the search terms; the rest is lower-cased.</summary>
    private static readonly (string From, string To)[] Folds =
    [
        ("Å", "a"), ("å", "a"), ("Ä", "a"), ("ä", "a"), ("Ö", "o"), ("ö", "o"),
        ("É", "e"), ("é", "e"), ("È", "e"), ("è", "e"), ("Ü", "u"), ("ü", "u"), ("Ø", "o"), ("ø", "o"), ("Æ", "ae"), ("æ", "ae"),
    ];

    /// <summary>Where a name or an e-mail address is split into words.</summary>
    private static readonly char[] WordBreaks = ['-', '.', '@', '_', '+'];

    private static readonly string[] PhonePunctuation = ["+", "-", " ", "(", ")"];

    /// <summary>
    /// The column's SQL; the same text works on SQLite and PostgreSQL (quoted names, ||, replace, lower, coalesce).
    /// It starts with a space so that every word, the first one too, follows a space.
    /// </summary>
    public static string ComputedSql
    {
        get
        {
            var words = "\"FirstName\" || ' ' || \"LastName\" || ' ' || coalesce(\"Email\", '')";
            foreach (var (from, to) in Folds) words = $"replace({words}, '{from}', '{to}')";
            foreach (var c in WordBreaks) words = $"replace({words}, '{c}', ' ')";
            var phone = "coalesce(\"Phone\", '')";
            foreach (var p in PhonePunctuation) phone = $"replace({phone}, '{p}', '')";
            return $"' ' || lower({words}) || ' ' || coalesce(\"MemberNumber\", '') || ' ' || {phone}";
        }
    }

    /// <summary>Typed text as the column holds it: folded, lower case, split into words.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var sb = new StringBuilder(text);
        foreach (var (from, to) in Folds) sb.Replace(from, to);
        foreach (var c in WordBreaks) sb.Replace(c, ' ');
        return sb.ToString().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// What the typed text asks for: every word must begin a word of the column (so "anna lind" finds Anna
    /// Lindqvist), except a text of only digits and phone punctuation, which is one phone number whose national
    /// and international forms are both tried. Returns, per required match, the alternatives of which one must occur.
    /// </summary>
    public static IReadOnlyList<string[]> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var trimmed = text.Trim();
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 3 && trimmed.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')' or '/'))
        {
            // The column holds +46 70… as 4670…; a number stored before the register import as 070… keeps its 0.
            if (digits.StartsWith("00", StringComparison.Ordinal)) digits = digits[2..];
            string[] forms = digits.StartsWith('0') ? [digits, "46" + digits[1..]]
                : digits.StartsWith("46", StringComparison.Ordinal) && digits.Length > 4 ? [digits, "0" + digits[2..]]
                : [digits];
            return [forms];
        }
        return Words(trimmed).Distinct().Take(6).Select(w => new[] { w }).ToList();
    }

    /// <summary>A LIKE pattern for a word that begins with the term, with LIKE's own wildcards in it taken literally.</summary>
    public static string WordPrefixPattern(string term) => "% " + Escaped(term) + "%";

    public const string LikeEscape = "\\";

    /// <summary>A person one of whose words begins with one of the alternatives (one LIKE each).</summary>
    /// <remarks>
    /// One LIKE per alternative, never the same one twice: with the statement prepared, PostgreSQL cannot see that two
    /// parameters are equal and would scan the trigram index once for each.
    /// </remarks>
    public static Expression<Func<Person, bool>> Matches(string[] alternatives)
    {
        var first = WordPrefixPattern(alternatives[0]);
        if (alternatives.Length == 1)
            return p => EF.Functions.Like(EF.Property<string>(p, Column), first, LikeEscape);
        var second = WordPrefixPattern(alternatives[1]);
        return p => EF.Functions.Like(EF.Property<string>(p, Column), first, LikeEscape)
                 || EF.Functions.Like(EF.Property<string>(p, Column), second, LikeEscape);
    }

    /// <summary>
    /// The same on PostgreSQL, shaped for its trigram index. A word-start pattern ("% anna%") makes the index look up
    /// the padded trigrams "  a" and " an", which nearly every name has: 2–4 ms of a page's 2.9 ms in the database.
    /// So the index is asked for the term anywhere ("%anna%": the rare trigrams "ann" and "nna"), and the word start
    /// is checked on the rows it finds, through an expression the index does not cover (the column with '' appended).
    /// A term of one or two letters has no trigram of its own and keeps the word-start pattern for the index.
    /// </summary>
    public static Expression<Func<Person, bool>> MatchesOnPostgres(string[] alternatives)
    {
        if (alternatives.Any(a => a.Length < 3)) return Matches(alternatives);
        var (anywhere1, start1) = (AnywherePattern(alternatives[0]), WordPrefixPattern(alternatives[0]));
        if (alternatives.Length == 1)
            return p => EF.Functions.Like(EF.Property<string>(p, Column), anywhere1, LikeEscape)
                     && EF.Functions.Like(EF.Property<string>(p, Column) + "", start1, LikeEscape);
        var (anywhere2, start2) = (AnywherePattern(alternatives[1]), WordPrefixPattern(alternatives[1]));
        return p => (EF.Functions.Like(EF.Property<string>(p, Column), anywhere1, LikeEscape)
                     || EF.Functions.Like(EF.Property<string>(p, Column), anywhere2, LikeEscape))
                 && (EF.Functions.Like(EF.Property<string>(p, Column) + "", start1, LikeEscape)
                     || EF.Functions.Like(EF.Property<string>(p, Column) + "", start2, LikeEscape));
    }

    private static string Escaped(string term) => term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static string AnywherePattern(string term) => "%" + Escaped(term) + "%";

    /// <summary>"Vänsterpartiet Tierp" → "vansterpartiet-tierp": for file names.</summary>
    public static string Slug(string text) => string.Join('-', Words(text).Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0));
}

/// <summary>The search column on people. Configured here rather than beside <see cref="Person"/>: only the member list uses it.</summary>
public sealed class PersonSearchConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property<string>(MemberSearch.Column).HasComputedColumnSql(MemberSearch.ComputedSql, stored: true);
    }
}
