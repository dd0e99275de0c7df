using System.Globalization;

namespace Distrikt.Features.Plans.Import;

/// <summary>Something the reading decided at a place in the document, which the person importing should be told of.</summary>
internal enum PlanNote
{
    WrappedBullet,
    ProseAfterBullet,
    IndentedProseInList,
    BulletsBeforeHeading,
    DeepActivity,
    GuessedHeading,
    BoldHeading,
    LeadIn,
    TableRow,
    TextBox,
}

/// <summary>
/// Collects the report's notes. Notes of one kind are written as one sentence naming all their places, so a plan
/// with two thousand wrapped items gives one note rather than two thousand.
/// </summary>
internal sealed class PlanNotes
{
    private const int PlacesShown = 8;
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private readonly List<string> general = [];
    private readonly Dictionary<PlanNote, List<int>> placed = [];

    /// <summary>Counted by the readers; reported once.</summary>
    public int HardSpaces;

    public void Add(string note) => general.Add(note);

    /// <summary>For what changes how the whole result should be read, such as a plan without any list.</summary>
    public void AddFirst(string note) => general.Insert(0, note);

    public void At(PlanNote kind, int sourceLine)
    {
        if (!placed.TryGetValue(kind, out var lines)) placed[kind] = lines = [];
        if (lines.Count == 0 || lines[^1] != sourceLine) lines.Add(sourceLine);
    }

    public IReadOnlyList<string> Render(PlanSourceUnit unit)
    {
        var result = new List<string>(general);
        if (HardSpaces == 1) result.Add("Ett hårt mellanslag har ersatts med ett vanligt mellanslag.");
        else if (HardSpaces > 1) result.Add(string.Format(Swedish, "{0:N0} hårda mellanslag har ersatts med vanliga mellanslag.", HardSpaces));
        foreach (var (kind, lines) in placed.OrderBy(p => p.Value[0]))
        {
            var (one, many) = Template(kind, unit);
            result.Add(lines.Count == 1
                ? string.Format(Swedish, one, lines[0])
                : string.Format(Swedish, many, Places(lines)));
        }
        return result;
    }

    /// <summary>"14, 18 och 22"; beyond a handful, "14, 18, … och 1 992 till".</summary>
    private static string Places(List<int> lines)
    {
        if (lines.Count <= PlacesShown)
            return string.Join(", ", lines.Take(lines.Count - 1)) + " och " + lines[^1];
        return string.Join(", ", lines.Take(PlacesShown)) + string.Format(Swedish, " och {0:N0} till", lines.Count - PlacesShown);
    }

    private static (string One, string Many) Template(PlanNote kind, PlanSourceUnit unit) => (kind, unit) switch
    {
        (PlanNote.WrappedBullet, _) =>
            ("Rad {0}: punkten fortsätter på nästa rad och har slagits ihop.",
             "Raderna {0}: punkterna fortsätter på flera rader och har slagits ihop."),
        (PlanNote.ProseAfterBullet, _) =>
            ("Rad {0}: raden direkt efter en punkt börjar en ny mening och har sparats som löptext, inte som en del av punkten.",
             "Raderna {0}: raderna direkt efter en punkt börjar nya meningar och har sparats som löptext, inte som delar av punkterna."),
        (PlanNote.IndentedProseInList, _) =>
            ("Rad {0}: indragen text efter en tom rad i en lista har sparats som löptext, inte som en del av punkten ovanför.",
             "Raderna {0}: indragen text efter tomma rader i listor har sparats som löptext, inte som delar av punkterna ovanför."),
        (PlanNote.BulletsBeforeHeading, PlanSourceUnit.Line) =>
            ("Rad {0}: punkterna före första rubriken har lagts i ett avsnitt utan rubrik.", "Raderna {0}: punkterna före första rubriken har lagts i ett avsnitt utan rubrik."),
        (PlanNote.BulletsBeforeHeading, _) =>
            ("Stycke {0}: punkterna före första rubriken har lagts i ett avsnitt utan rubrik.", "Styckena {0}: punkterna före första rubriken har lagts i ett avsnitt utan rubrik."),
        (PlanNote.DeepActivity, PlanSourceUnit.Line) =>
            ("Rad {0}: underpunkten ligger mer än en nivå under målet och har lagts till som aktivitet till målet.",
             "Raderna {0}: underpunkterna ligger mer än en nivå under sina mål och har lagts till som aktiviteter till målen."),
        (PlanNote.DeepActivity, _) =>
            ("Stycke {0}: underpunkten ligger mer än en nivå under målet och har lagts till som aktivitet till målet.",
             "Styckena {0}: underpunkterna ligger mer än en nivå under sina mål och har lagts till som aktiviteter till målen."),
        (PlanNote.GuessedHeading, _) =>
            ("Texten har inga markerade rubriker; rad {0}, en kort fristående rad utan skiljetecken, har tolkats som rubrik.",
             "Texten har inga markerade rubriker; raderna {0}, korta fristående rader utan skiljetecken, har tolkats som rubriker."),
        (PlanNote.BoldHeading, PlanSourceUnit.Line) =>
            ("Rad {0}: en rad helt i fetstil har tolkats som rubrik.", "Raderna {0}: rader helt i fetstil har tolkats som rubriker."),
        (PlanNote.BoldHeading, _) =>
            ("Stycke {0}: ett stycke helt i fetstil har tolkats som rubrik.", "Styckena {0}: stycken helt i fetstil har tolkats som rubriker."),
        (PlanNote.LeadIn, PlanSourceUnit.Line) =>
            ("Rad {0}: inledningen som slutar med kolon har sparats som löptext och som inledning till målen i listan efter den.",
             "Raderna {0}: inledningarna som slutar med kolon har sparats som löptext och som inledningar till målen i listorna efter dem."),
        (PlanNote.LeadIn, _) =>
            ("Stycke {0}: inledningen som slutar med kolon har sparats som löptext och som inledning till målen i listan efter den.",
             "Styckena {0}: inledningarna som slutar med kolon har sparats som löptext och som inledningar till målen i listorna efter dem."),
        (PlanNote.TableRow, _) =>
            ("Stycke {0}: en tabellrad har sparats som löptext, med cellerna åtskilda av ”|”.",
             "Styckena {0}: tabellrader har sparats som löptext, med cellerna åtskilda av ”|”."),
        (PlanNote.TextBox, _) =>
            ("Stycke {0}: text i en textruta har sparats som löptext.", "Styckena {0}: text i textrutor har sparats som löptext."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
