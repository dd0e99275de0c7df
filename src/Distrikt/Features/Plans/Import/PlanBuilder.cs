namespace Distrikt.Features.Plans.Import;

/// <summary>
/// Turns the blocks of a plan document, whichever format they were read from, into the plan: the first heading
/// (or, failing that, the first line) is the title; prose before the first section is the introduction; each later
/// heading opens a section; each list item is a goal of its section and the items nested under it are the goal's
/// activities. Everything else is prose of the section it stands in, so no text is dropped.
/// </summary>
public static class PlanBuilder
{
    /// <summary>Longer than this, a first paragraph is not a title; the title is then its beginning and the paragraph stays in the introduction.</summary>
    private const int MaxTitleLength = 150;
    private const int ShortenedTitleLength = 80;

    public static ParsedPlan Build(IReadOnlyList<PlanBlock> blocks, PlanSourceUnit unit = PlanSourceUnit.Line) =>
        Build(blocks, unit, new PlanNotes());

    internal static ParsedPlan Build(IReadOnlyList<PlanBlock> blocks, PlanSourceUnit unit, PlanNotes notes)
    {
        string? title = null;
        var intro = new List<PlanParagraph>();
        var sections = new List<SectionDraft>();
        SectionDraft? section = null;
        GoalDraft? goal = null;          // the last goal of the list being read; null when no list is open
        string? leadIn = null;           // the open list's lead-in
        PlanParagraph? colonParagraph = null; // the last prose, if it ends with a colon and nothing but blank lines followed it
        var seenContent = false;

        foreach (var block in blocks)
        {
            if (block.Kind == PlanBlockKind.Blank || block.Text.Length == 0) continue; // blank lines do not end a list
            var first = !seenContent;
            seenContent = true;
            switch (block.Kind)
            {
                case PlanBlockKind.Heading:
                    goal = null;
                    colonParagraph = null;
                    if (first) { title = block.Text; break; }
                    section = new SectionDraft(block.Text, block.SourceLine);
                    sections.Add(section);
                    break;

                case PlanBlockKind.Paragraph:
                    goal = null;
                    if (first)
                    {
                        if (block.Text.Length <= MaxTitleLength)
                        {
                            title = block.Text;
                            notes.Add("Dokumentet börjar inte med en rubrik; första raden används som planens titel.");
                            break;
                        }
                        title = Shorten(block.Text);
                        notes.Add("Dokumentet börjar inte med en rubrik; planens titel är början av första stycket, som också finns kvar i inledningen.");
                    }
                    var paragraph = new PlanParagraph(block.Text, block.SourceLine);
                    (section?.Prose ?? intro).Add(paragraph);
                    colonParagraph = PlanText.EndsWithColon(block.Text) ? paragraph : null;
                    break;

                case PlanBlockKind.Bullet:
                    if (first) notes.Add("Dokumentet börjar med en punktlista och har ingen rubrik; planen saknar titel.");
                    if (section is null)
                    {
                        section = new SectionDraft("", block.SourceLine);
                        sections.Add(section);
                        notes.At(PlanNote.BulletsBeforeHeading, block.SourceLine);
                    }
                    if (goal is not null && block.Level > goal.Level)
                    {
                        // Nested under the goal: one of its activities. Deeper nesting has nowhere else to go, so it
                        // is flattened into the same list and said so.
                        if (goal.ActivityLevel is { } level && block.Level > level) notes.At(PlanNote.DeepActivity, block.SourceLine);
                        else goal.ActivityLevel ??= block.Level;
                        goal.Activities.Add(block.Text);
                        break;
                    }
                    if (goal is null)
                    {
                        // A new list: the sentence ending with a colon right before it introduces its goals.
                        leadIn = colonParagraph?.Text;
                        if (colonParagraph is not null) notes.At(PlanNote.LeadIn, colonParagraph.SourceLine);
                        colonParagraph = null;
                    }
                    goal = new GoalDraft(block.Text, block.SourceLine, block.Level, leadIn);
                    section.Goals.Add(goal);
                    break;
            }
        }

        var plan = new PlanDocument(
            title ?? "",
            intro,
            sections.Select(s => new DocumentSection(s.Title, s.SourceLine, s.Prose,
                s.Goals.Select(g => new DocumentGoal(g.Text, g.SourceLine, g.Activities, g.LeadIn)).ToList())).ToList());
        var goals = sections.Sum(s => s.Goals.Count);
        if (!seenContent) notes.AddFirst("Texten är tom; det finns inget att importera.");
        else if (goals == 0) notes.AddFirst("Inga punktlistor hittades; hela texten sparas som löptext.");
        var report = new PlanImportReport(
            sections.Count,
            goals,
            sections.Sum(s => s.Goals.Sum(g => g.Activities.Count)),
            intro.Count + sections.Sum(s => s.Prose.Count),
            notes.Render(unit),
            unit);
        return new ParsedPlan(plan, report);
    }

    /// <summary>The beginning of a long first paragraph, cut at a word.</summary>
    private static string Shorten(string text)
    {
        var cut = text.LastIndexOf(' ', ShortenedTitleLength);
        return text[..(cut > 0 ? cut : ShortenedTitleLength)].TrimEnd(',', ';', ':', '.') + "…";
    }

    private sealed class SectionDraft(string title, int sourceLine)
    {
        public string Title { get; } = title;
        public int SourceLine { get; } = sourceLine;
        public List<PlanParagraph> Prose { get; } = [];
        public List<GoalDraft> Goals { get; } = [];
    }

    private sealed class GoalDraft(string text, int sourceLine, int level, string? leadIn)
    {
        public string Text { get; } = text;
        public int SourceLine { get; } = sourceLine;
        public int Level { get; } = level;
        public string? LeadIn { get; } = leadIn;
        public List<string> Activities { get; } = [];
        /// <summary>The level of its first activity; anything deeper is nested more than once.</summary>
        public int? ActivityLevel { get; set; }
    }
}
