using System.Text.RegularExpressions;
using Distrikt.Features.Plans.Import;

namespace Distrikt.Tests.Features.Plans.Import;

/// <summary>Operational plans as districts write them (fictional), and the check that a reading loses no words.</summary>
internal static partial class PlanFixtures
{
    /// <summary>Markdown, as a district secretary writes it in a text editor or a shared pad.</summary>
    public const string Markdown = """
        # Verksamhetsplan 2025 för Vänsterpartiet Uppsala län

        Verksamhetsplanen antogs av distriktsårskonferensen den 15 mars 2025. Den beskriver vad distriktet ska
        göra under året och hur distriktsstyrelsen följer upp arbetet.

        ## Övergripande uppgifter

        Distriktet ska under året:

        - Distriktet ska stödja föreningarna i medlemsvården genom ett faddersystem där varje förening har en kontaktperson i styrelsen.
        - Distriktet ska genomföra minst två utbildningar i grundläggande organisering,
          varav en ska hållas i norra länet.

        - Distriktet ska verka för att fler medlemmar blir aktiva i sina föreningar.

        ## Mål och aktiviteter

        1. Distriktet ska öka antalet medlemmar med tio procent.
           - Värvningskampanj i samband med första maj.
           - Uppföljande samtal med nya medlemmar inom en månad.
        2. Distriktet ska stärka arbetet med feministisk politik.

           - Studiecirkel i ”Feministisk klasspolitik” i varje förening.

        3. Distriktet ska delta i Uppsala Pride med egen paroll.

        **Specifika mål för 2025**

        * Distriktet ska ta fram en plan för valrörelsen 2026.
        * Distriktet ska genomföra en distriktsträff under hösten.

        Styrelsen redovisar arbetet i verksamhetsberättelsen.
        """;

    /// <summary>
    /// The same kind of plan copied out of Word into a plain text file: no heading marks, Word's bullet glyphs
    /// with tabs, second-level items as "o", hard spaces, and stray empty lines at the top.
    /// </summary>
    public const string PastedFromWord =
        "\n   \n\n" +
        "Verksamhetsplan 2025 – Vänsterpartiet Gävleborg\n" +
        "\n" +
        "Distriktsårskonferensen antog planen den 22\u00A0mars 2025.\n" +
        "\n" +
        "Övergripande uppgifter\n" +
        "\n" +
        "•\tDistriktet ska stödja föreningarna i medlemsvården genom ett faddersystem.\n" +
        "o\tVarje förening får en kontaktperson i styrelsen.\n" +
        "o\tKontaktpersonerna träffas en gång per kvartal.\n" +
        "•\tDistriktet ska ge ut ett medlemsbrev varje månad.\n" +
        "\n" +
        "Specifika mål för 2025\n" +
        "\n" +
        "●\tDistriktet ska genomföra kampanjen ”Rättvis omställning” i\u00A0samtliga kommuner.\n" +
        "●\tDistriktet ska arrangera en sommarskola för unga medlemmar.\n";

    /// <summary>A plan without any list: a short programme in prose.</summary>
    public const string ProseOnly = """
        Verksamhetsplan 2025 för Vänsterpartiet Jämtlands län

        Distriktet ska under året fortsätta arbetet med att bygga starka föreningar i hela länet. Vi prioriterar
        medlemsvård och utbildning, och vi ska synas i debatten om vården i inlandet.

        Styrelsen återkommer med en budget till distriktsstyrelsens första möte efter konferensen.
        """;

    private static readonly Regex ListMarker = new(@"^\s*(?:[-*+•●○◦▪–—](?=\s|$)|[•●]|o\t|\(?\d{1,3}[.)]|[a-z]\))", RegexOptions.Compiled);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>Every word of every input line is somewhere in the plan: title, prose, goals or activities.</summary>
    public static void AssertNoWordLost(IEnumerable<string> inputLines, PlanDocument plan)
    {
        var output = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in Texts(plan))
            foreach (Match m in Word().Matches(text))
                output[m.Value] = output.GetValueOrDefault(m.Value) + 1;
        var input = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in inputLines)
            foreach (Match m in Word().Matches(ListMarker.Replace(line, "")))
                input[m.Value] = input.GetValueOrDefault(m.Value) + 1;
        foreach (var (word, count) in input)
            Assert.True(output.GetValueOrDefault(word) >= count, $"”{word}” finns {count} gånger i texten men {output.GetValueOrDefault(word)} gånger i planen.");
    }

    /// <summary>The plan's own text once each; a goal's lead-in repeats prose and is not counted.</summary>
    public static IEnumerable<string> Texts(PlanDocument plan)
    {
        yield return plan.Title;
        foreach (var p in plan.Intro) yield return p.Text;
        foreach (var section in plan.Sections)
        {
            yield return section.Title;
            foreach (var p in section.Prose) yield return p.Text;
            foreach (var goal in section.Goals)
            {
                yield return goal.Text;
                foreach (var activity in goal.Activities) yield return activity;
            }
        }
    }
}
