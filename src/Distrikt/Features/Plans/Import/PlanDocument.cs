namespace Distrikt.Features.Plans.Import;

/// <summary>
/// An operational plan (verksamhetsplan) as read from the document the district conference adopted: its title,
/// its introduction, and its sections with their prose and goals. Nothing of the document's text is left out;
/// what is not a goal or an activity is prose.
/// </summary>
public sealed record PlanDocument(string Title, IReadOnlyList<PlanParagraph> Intro, IReadOnlyList<DocumentSection> Sections)
{
    public IEnumerable<DocumentGoal> Goals => Sections.SelectMany(s => s.Goals);
}

/// <summary>
/// A section of the plan ("Övergripande uppgifter", "Mål och aktiviteter" …). <see cref="Title"/> is empty for the
/// section that holds goals written before the document's first heading.
/// </summary>
/// <remarks>Prose and goals are kept apart; their <c>SourceLine</c>s give the order they were written in.</remarks>
public sealed record DocumentSection(string Title, int SourceLine, IReadOnlyList<PlanParagraph> Prose, IReadOnlyList<DocumentGoal> Goals);

/// <summary>A paragraph of prose, whitespace normalised, with the line (or .docx paragraph) it begins on.</summary>
public sealed record PlanParagraph(string Text, int SourceLine);

/// <summary>
/// One commitment of the plan (mål). <see cref="Text"/> is the adopted wording exactly, apart from whitespace
/// (runs of spaces, line breaks and non-breaking spaces become one space) and the list marker. The items nested
/// under it are its activities (aktiviteter). <see cref="LeadIn"/> is the sentence ending with a colon that
/// introduced its list ("Distriktet ska under året:"), which is also kept as prose.
/// </summary>
public sealed record DocumentGoal(string Text, int SourceLine, IReadOnlyList<string> Activities, string? LeadIn = null);

/// <summary>Whether a <c>SourceLine</c> counts lines of a text file or paragraphs of a Word document.</summary>
public enum PlanSourceUnit
{
    /// <summary>Shown as "rad".</summary>
    Line,
    /// <summary>Shown as "stycke".</summary>
    Paragraph,
}

/// <summary>
/// What the import did, so the person who uploaded the plan can trust it before saving: the counts, how the file
/// was read, and notes in Swedish on every place where the reading had to decide something.
/// </summary>
public sealed record PlanImportReport(
    int Sections,
    int Goals,
    int Activities,
    int ProseParagraphs,
    IReadOnlyList<string> Notes,
    PlanSourceUnit Unit)
{
    /// <summary>"Word-dokument (.docx)" or "Text".</summary>
    public string Format { get; init; } = "Text";
    /// <summary>For text: "UTF-8", "UTF-8 med BOM", "UTF-16" or "Windows-1252".</summary>
    public string? EncodingName { get; init; }
}

/// <summary>A plan read from a document, with the report of how.</summary>
public sealed record ParsedPlan(PlanDocument Plan, PlanImportReport Report);
