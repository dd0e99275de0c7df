namespace Distrikt.Features.Plans.Import;

public enum PlanBlockKind
{
    Blank,
    Heading,
    /// <summary>A list item; its <see cref="PlanBlock.Level"/> says how deep it is nested.</summary>
    Bullet,
    Paragraph,
}

/// <summary>
/// One logical block of a plan document, the same whether it came from Markdown, plain text or Word: the readers
/// turn their format into these, and <see cref="PlanBuilder"/> turns these into a plan.
/// </summary>
/// <param name="Text">Whitespace normalised, without list markers or heading marks.</param>
/// <param name="SourceLine">The line of a text file, or the paragraph of a Word document, it begins on (from 1).</param>
/// <param name="Level">
/// For bullets only: larger is nested deeper. Only comparisons between bullets of one document mean anything
/// (text gives the indentation in columns, Word the list level), so a bullet deeper than the goal before it is
/// one of that goal's activities.
/// </param>
public sealed record PlanBlock(PlanBlockKind Kind, string Text, int SourceLine, int Level = 0);
