using System.Diagnostics;
using System.Text;
using Distrikt.Features.Plans.Import;

namespace Distrikt.Tests.Features.Plans.Import;

/// <summary>Operational plans written as Markdown or plain text, read into sections, goals and activities.</summary>
public sealed class PlanTextParserTests
{
    [Fact]
    public void A_markdown_plan_gives_its_title_introduction_sections_goals_and_activities()
    {
        var (plan, report) = PlanTextParser.Parse(PlanFixtures.Markdown);

        Assert.Equal("Verksamhetsplan 2025 för Vänsterpartiet Uppsala län", plan.Title);
        var intro = Assert.Single(plan.Intro);
        Assert.Equal("Verksamhetsplanen antogs av distriktsårskonferensen den 15 mars 2025. Den beskriver vad distriktet ska göra under året och hur distriktsstyrelsen följer upp arbetet.", intro.Text);
        Assert.Equal(3, intro.SourceLine);
        Assert.Equal(["Övergripande uppgifter", "Mål och aktiviteter", "Specifika mål för 2025"], plan.Sections.Select(s => s.Title));

        var tasks = plan.Sections[0];
        Assert.Equal(["Distriktet ska under året:"], tasks.Prose.Select(p => p.Text));
        Assert.Equal(
            [
                "Distriktet ska stödja föreningarna i medlemsvården genom ett faddersystem där varje förening har en kontaktperson i styrelsen.",
                "Distriktet ska genomföra minst två utbildningar i grundläggande organisering, varav en ska hållas i norra länet.",
                "Distriktet ska verka för att fler medlemmar blir aktiva i sina föreningar.",
            ],
            tasks.Goals.Select(g => g.Text));
        Assert.All(tasks.Goals, g => Assert.Equal("Distriktet ska under året:", g.LeadIn));
        Assert.Equal([10, 11, 14], tasks.Goals.Select(g => g.SourceLine));

        var goals = plan.Sections[1].Goals;
        Assert.Equal(3, goals.Count);
        Assert.Equal("Distriktet ska öka antalet medlemmar med tio procent.", goals[0].Text);
        Assert.Equal(["Värvningskampanj i samband med första maj.", "Uppföljande samtal med nya medlemmar inom en månad."], goals[0].Activities);
        Assert.Equal(["Studiecirkel i ”Feministisk klasspolitik” i varje förening."], goals[1].Activities);
        Assert.Empty(goals[2].Activities);
        Assert.All(goals, g => Assert.Null(g.LeadIn));

        var specific = plan.Sections[2];
        Assert.Equal(["Distriktet ska ta fram en plan för valrörelsen 2026.", "Distriktet ska genomföra en distriktsträff under hösten."], specific.Goals.Select(g => g.Text));
        Assert.Equal(["Styrelsen redovisar arbetet i verksamhetsberättelsen."], specific.Prose.Select(p => p.Text));

        Assert.Equal((3, 8, 3, 3), (report.Sections, report.Goals, report.Activities, report.ProseParagraphs));
        Assert.Equal(PlanSourceUnit.Line, report.Unit);
        Assert.Contains("Rad 11: punkten fortsätter på nästa rad och har slagits ihop.", report.Notes);
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 27:", StringComparison.Ordinal) && n.Contains("fetstil", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 8:", StringComparison.Ordinal) && n.Contains("kolon", StringComparison.Ordinal));
        PlanFixtures.AssertNoWordLost(PlanTextParser.SplitLines(PlanFixtures.Markdown), plan);
    }

    [Theory]
    [InlineData("- ")]
    [InlineData("* ")]
    [InlineData("+ ")]
    [InlineData("• ")]
    [InlineData("•\t")]
    [InlineData("•")]
    [InlineData("● ")]
    [InlineData("\uF0B7\t")]
    [InlineData("– ")]
    [InlineData("— ")]
    [InlineData("1. ")]
    [InlineData("1) ")]
    [InlineData("(1) ")]
    [InlineData("a) ")]
    [InlineData("   - ")]
    public void Every_bullet_style_makes_goals(string marker)
    {
        var second = marker.Replace('1', '2').Replace('a', 'b');
        var (plan, _) = PlanTextParser.Parse($"# Mål\n{marker}Distriktet ska anordna en medlemsdag.\n{second}Distriktet ska besöka alla föreningar.\n");
        var section = Assert.Single(plan.Sections);
        Assert.Equal(["Distriktet ska anordna en medlemsdag.", "Distriktet ska besöka alla föreningar."], section.Goals.Select(g => g.Text));
        Assert.Empty(section.Prose);
    }

    [Theory]
    [InlineData("2025. Året då vi fyller hundra år.")]
    [InlineData("-5 grader i januari hindrade oss inte.")]
    [InlineData("*Kursiv* inledning av stycket.")]
    [InlineData("#hashtag i början av en rad")]
    [InlineData("A. Andersson är sammankallande.")]
    public void Lines_that_only_resemble_bullets_stay_prose(string line)
    {
        var (plan, report) = PlanTextParser.Parse($"# Verksamhetsplan\n\n{line}\n");
        Assert.Equal(line, Assert.Single(plan.Intro).Text);
        Assert.Equal(0, report.Goals);
    }

    [Fact]
    public void A_wrapped_bullet_is_joined_whether_the_continuation_is_indented_or_not()
    {
        var text = """
            ## Mål
            - Distriktet ska stödja föreningarna i medlemsvården genom ett faddersystem där
            varje förening har en kontaktperson i styrelsen.
            - Distriktet ska samarbeta med föreningarna och med organisationer som
            Hyresgästföreningen och Pensionärernas riksorganisation.
            - Distriktet ska bjuda in till
                ett öppet möte om kollektivtrafiken.
            """;
        var (plan, report) = PlanTextParser.Parse(text);
        Assert.Equal(
            [
                "Distriktet ska stödja föreningarna i medlemsvården genom ett faddersystem där varje förening har en kontaktperson i styrelsen.",
                "Distriktet ska samarbeta med föreningarna och med organisationer som Hyresgästföreningen och Pensionärernas riksorganisation.",
                "Distriktet ska bjuda in till ett öppet möte om kollektivtrafiken.",
            ],
            Assert.Single(plan.Sections).Goals.Select(g => g.Text));
        Assert.Contains("Raderna 2, 4 och 6: punkterna fortsätter på flera rader och har slagits ihop.", report.Notes);
    }

    [Fact]
    public void A_new_sentence_right_after_a_finished_bullet_is_prose_and_said_so()
    {
        var text = """
            ## Mål
            - Distriktet ska genomföra en medlemsdag.
            Styrelsen utser en arbetsgrupp för medlemsdagen.
            """;
        var (plan, report) = PlanTextParser.Parse(text);
        var section = Assert.Single(plan.Sections);
        Assert.Equal("Distriktet ska genomföra en medlemsdag.", Assert.Single(section.Goals).Text);
        Assert.Equal("Styrelsen utser en arbetsgrupp för medlemsdagen.", Assert.Single(section.Prose).Text);
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 3: raden direkt efter en punkt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_marker_alone_on_its_line_takes_the_text_below_it()
    {
        var (plan, _) = PlanTextParser.Parse("## Mål\n•\nDistriktet ska ordna en studieresa.\n•\nDistriktet ska ordna en valupptakt.\n");
        Assert.Equal(["Distriktet ska ordna en studieresa.", "Distriktet ska ordna en valupptakt."], Assert.Single(plan.Sections).Goals.Select(g => g.Text));
    }

    [Fact]
    public void Items_nested_under_a_bullet_are_its_activities_and_deeper_ones_are_flattened_with_a_note()
    {
        var text = """
            ## Mål och aktiviteter
            - Distriktet ska utbilda nya förtroendevalda.
                - Grundkurs för nya styrelseledamöter.
                    - Materialet tas fram av studieansvarig.
                - Kurs i mötesteknik.
            - Distriktet ska bygga upp en resursbank.
            	* Mallar för affischer.
            """;
        var (plan, report) = PlanTextParser.Parse(text);
        var goals = Assert.Single(plan.Sections).Goals;
        Assert.Equal(2, goals.Count);
        Assert.Equal(["Grundkurs för nya styrelseledamöter.", "Materialet tas fram av studieansvarig.", "Kurs i mötesteknik."], goals[0].Activities);
        Assert.Equal(["Mallar för affischer."], goals[1].Activities);
        Assert.Equal(4, report.Activities);
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 4: underpunkten ligger mer än en nivå", StringComparison.Ordinal));
    }

    [Fact]
    public void Lettered_points_under_a_numbered_goal_are_its_activities()
    {
        var text = """
            # Verksamhetsplan 2025
            ## Mål och aktiviteter
            1. Distriktet ska stärka den interna utbildningen.
            a) Grundkurs för nya medlemmar i varje kommun.
            b) Kurs i mötesteknik för föreningsstyrelser.
            2. Distriktet ska synas mer i sociala medier.
            """;
        var goals = PlanTextParser.Parse(text).Plan.Sections.Single().Goals;
        Assert.Equal(2, goals.Count);
        Assert.Equal(["Grundkurs för nya medlemmar i varje kommun.", "Kurs i mötesteknik för föreningsstyrelser."], goals[0].Activities);
    }

    [Fact]
    public void Indented_text_after_a_blank_line_in_a_list_is_prose_and_said_so()
    {
        var text = """
            # Verksamhetsplan 2025
            ## Mål
            - Distriktet ska ordna en medlemsdag.

              Medlemsdagen planeras tillsammans med Ung Vänster.
            - Distriktet ska ordna en valupptakt.
            """;
        var (plan, report) = PlanTextParser.Parse(text);
        var section = plan.Sections.Single();
        Assert.Equal(["Distriktet ska ordna en medlemsdag.", "Distriktet ska ordna en valupptakt."], section.Goals.Select(g => g.Text));
        Assert.Equal("Medlemsdagen planeras tillsammans med Ung Vänster.", Assert.Single(section.Prose).Text);
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 5: indragen text efter en tom rad", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_row_of_a_markdown_table_stays_a_paragraph_of_its_own()
    {
        var text = "# Verksamhetsplan 2025\n## Tidsplan\n| Aktivitet | När |\n|---|---|\n| Medlemsdag | Maj |\n";
        var section = PlanTextParser.Parse(text).Plan.Sections.Single();
        Assert.Equal(["| Aktivitet | När |", "|---|---|", "| Medlemsdag | Maj |"], section.Prose.Select(p => p.Text));
    }

    [Fact]
    public void Second_level_bullets_pasted_from_word_are_activities_and_unmarked_headings_are_found()
    {
        var (plan, report) = PlanTextParser.Parse(PlanFixtures.PastedFromWord);

        Assert.Equal("Verksamhetsplan 2025 – Vänsterpartiet Gävleborg", plan.Title);
        Assert.Equal("Distriktsårskonferensen antog planen den 22 mars 2025.", Assert.Single(plan.Intro).Text);
        Assert.Equal(["Övergripande uppgifter", "Specifika mål för 2025"], plan.Sections.Select(s => s.Title));
        var tasks = plan.Sections[0].Goals;
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["Varje förening får en kontaktperson i styrelsen.", "Kontaktpersonerna träffas en gång per kvartal."], tasks[0].Activities);
        Assert.Equal("Distriktet ska genomföra kampanjen ”Rättvis omställning” i samtliga kommuner.", plan.Sections[1].Goals[0].Text);
        Assert.Contains(report.Notes, n => n.Contains("raderna 4, 8 och 15", StringComparison.Ordinal) && n.Contains("rubriker", StringComparison.Ordinal));
        Assert.Contains("2 hårda mellanslag har ersatts med vanliga mellanslag.", report.Notes);
        PlanFixtures.AssertNoWordLost(PlanTextParser.SplitLines(PlanFixtures.PastedFromWord), plan);
    }

    [Fact]
    public void A_lead_in_ending_with_a_colon_is_prose_and_introduces_only_the_list_after_it()
    {
        var text = """
            # Verksamhetsplan 2025
            ## Övergripande uppgifter
            Distriktet ska under året:

            - Distriktet ska stödja föreningarna.

            - Distriktet ska ordna en medlemsdag.

            Därutöver har styrelsen beslutat att arbeta med följande.

            - Distriktet ska ta fram en kommunikationsplan.
            """;
        var (plan, _) = PlanTextParser.Parse(text);
        var section = Assert.Single(plan.Sections);
        Assert.Equal(["Distriktet ska under året:", "Därutöver har styrelsen beslutat att arbeta med följande."], section.Prose.Select(p => p.Text));
        Assert.Equal(["Distriktet ska under året:", "Distriktet ska under året:", null], section.Goals.Select(g => g.LeadIn));
        // The order in which prose and goals were written can be put back together from their lines.
        Assert.Equal([3, 5, 7, 9, 11], section.Prose.Select(p => p.SourceLine).Concat(section.Goals.Select(g => g.SourceLine)).Order());
    }

    [Fact]
    public void A_lead_in_on_the_line_after_prose_is_its_own_paragraph()
    {
        var (plan, _) = PlanTextParser.Parse("# Verksamhetsplan 2025\n## Mål\nVi har haft ett starkt år.\nDistriktet ska därför:\n- Distriktet ska växa.\n");
        var section = Assert.Single(plan.Sections);
        Assert.Equal(["Vi har haft ett starkt år.", "Distriktet ska därför:"], section.Prose.Select(p => p.Text));
        Assert.Equal("Distriktet ska därför:", Assert.Single(section.Goals).LeadIn);
    }

    [Fact]
    public void Hard_spaces_become_spaces_and_typographic_quotes_are_kept_as_written()
    {
        var text = "## Mål\n-\u00A0Distriktet\u00A0ska driva kampanjen ”Rättvis omställning” och \"Bostad åt alla\"\u202F– med ’lokala’ exempel.  \n";
        var (plan, report) = PlanTextParser.Parse(text);
        Assert.Equal("Distriktet ska driva kampanjen ”Rättvis omställning” och \"Bostad åt alla\" – med ’lokala’ exempel.", Assert.Single(plan.Goals).Text);
        Assert.Contains("3 hårda mellanslag har ersatts med vanliga mellanslag.", report.Notes);
    }

    [Fact]
    public void Bold_lines_are_headings_unless_they_end_with_a_colon()
    {
        var text = """
            **Verksamhetsplan 2025**

            __Mål och aktiviteter__

            **Distriktet ska under året:**
            - Distriktet ska växa.
            """;
        var (plan, _) = PlanTextParser.Parse(text);
        Assert.Equal("Verksamhetsplan 2025", plan.Title);
        var section = Assert.Single(plan.Sections);
        Assert.Equal("Mål och aktiviteter", section.Title);
        Assert.Equal("**Distriktet ska under året:**", Assert.Single(section.Prose).Text);
        Assert.Equal("**Distriktet ska under året:**", Assert.Single(section.Goals).LeadIn);
    }

    [Fact]
    public void Underlined_headings_and_dividers_are_read_as_markdown_reads_them()
    {
        var text = """
            Verksamhetsplan 2025
            ====================

            Mål
            ---
            - Distriktet ska växa.

            ***

            Styrelsen följer upp planen.
            """;
        var (plan, _) = PlanTextParser.Parse(text);
        Assert.Equal("Verksamhetsplan 2025", plan.Title);
        var section = Assert.Single(plan.Sections);
        Assert.Equal("Mål", section.Title);
        Assert.Equal("Styrelsen följer upp planen.", Assert.Single(section.Prose).Text);
    }

    [Fact]
    public void Stray_empty_lines_at_the_top_are_skipped_and_line_numbers_still_count_them()
    {
        var (plan, _) = PlanTextParser.Parse("\r\n  \r\n\t\r\n# Verksamhetsplan 2025\r\n## Mål\r\n- Distriktet ska växa.\r\n");
        Assert.Equal("Verksamhetsplan 2025", plan.Title);
        Assert.Equal(6, Assert.Single(plan.Goals).SourceLine);
    }

    [Fact]
    public void A_plan_without_any_list_is_all_prose_with_a_note()
    {
        var (plan, report) = PlanTextParser.Parse(PlanFixtures.ProseOnly);
        Assert.Equal("Verksamhetsplan 2025 för Vänsterpartiet Jämtlands län", plan.Title);
        Assert.Equal(2, plan.Intro.Count);
        Assert.Empty(plan.Sections);
        Assert.Equal(0, report.Goals);
        Assert.Equal("Inga punktlistor hittades; hela texten sparas som löptext.", report.Notes[0]);
        PlanFixtures.AssertNoWordLost(PlanTextParser.SplitLines(PlanFixtures.ProseOnly), plan);
    }

    [Fact]
    public void A_plan_that_does_not_start_with_a_heading_takes_its_first_line_as_title()
    {
        var (plan, report) = PlanTextParser.Parse("Vänsterpartiet Västerbotten – verksamhetsplan.\n## Mål\n- Distriktet ska växa.\n");
        Assert.Equal("Vänsterpartiet Västerbotten – verksamhetsplan.", plan.Title);
        Assert.Empty(plan.Intro);
        Assert.Contains(report.Notes, n => n.Contains("första raden", StringComparison.Ordinal));

        var longFirst = string.Join(' ', Enumerable.Repeat("Distriktet ska arbeta långsiktigt med organisering i hela länet.", 4));
        var (plan2, _) = PlanTextParser.Parse(longFirst + "\n## Mål\n- Distriktet ska växa.\n");
        Assert.EndsWith("…", plan2.Title);
        Assert.True(plan2.Title.Length <= 81);
        Assert.Equal(longFirst, Assert.Single(plan2.Intro).Text);
    }

    [Fact]
    public void Bullets_before_any_section_heading_go_to_an_untitled_section()
    {
        var (plan, report) = PlanTextParser.Parse("# Verksamhetsplan 2025\n- Distriktet ska växa.\n## Övrigt\nInget mer.\n");
        Assert.Equal(["", "Övrigt"], plan.Sections.Select(s => s.Title));
        Assert.Equal("Distriktet ska växa.", Assert.Single(plan.Sections[0].Goals).Text);
        Assert.Contains(report.Notes, n => n.StartsWith("Rad 2: punkterna före första rubriken", StringComparison.Ordinal));

        var (bulletsOnly, bulletsReport) = PlanTextParser.Parse("- Distriktet ska växa.\n- Distriktet ska synas.\n");
        Assert.Equal("", bulletsOnly.Title);
        Assert.Equal(2, bulletsReport.Goals);
        Assert.Contains(bulletsReport.Notes, n => n.Contains("saknar titel", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\r\n\t\n")]
    [InlineData("\u00A0\u200B\uFEFF")]
    public void Empty_or_blank_text_gives_an_empty_plan_without_throwing(string text)
    {
        var (plan, report) = PlanTextParser.Parse(text);
        Assert.Equal("", plan.Title);
        Assert.Empty(plan.Intro);
        Assert.Empty(plan.Sections);
        Assert.Equal(0, report.Goals);
        Assert.Contains(report.Notes, n => n.Contains("tom", StringComparison.Ordinal));
        Assert.Empty(PlanTextParser.Parse(Array.Empty<string>()).Plan.Sections);
    }

    [Fact]
    public void Markup_and_script_in_the_text_are_kept_as_text()
    {
        var hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> [länk](javascript:alert(1)) \u202Eomvänd\u0007\0";
        var text = $"# <b>Verksamhetsplan</b>\n## Mål & ”aktiviteter”\n- {hostile}\n  - <iframe src=\"https://exempel.test\"></iframe>\nDet här är {{{{mall}}}} och ${{uttryck}}.\n";
        var (plan, _) = PlanTextParser.Parse(text);
        Assert.Equal("<b>Verksamhetsplan</b>", plan.Title);
        Assert.Equal("Mål & ”aktiviteter”", plan.Sections[0].Title);
        var goal = Assert.Single(plan.Goals);
        Assert.Equal("<script>alert('x')</script> <img src=x onerror=alert(1)> [länk](javascript:alert(1)) \u202Eomvänd", goal.Text);
        Assert.Equal(["<iframe src=\"https://exempel.test\"></iframe>"], goal.Activities);
    }

    [Fact]
    public void A_very_long_line_and_odd_characters_do_not_throw()
    {
        var text = "# Plan\n- " + new string('x', 1_000_000) + "\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => (char)i)) + "\n" + "\uD800 ensam surrogat\n";
        var (plan, _) = PlanTextParser.Parse(text);
        Assert.Equal(1_000_000, Assert.Single(plan.Goals).Text.Length);
    }

    [Fact]
    public void Two_thousand_bullets_are_read_in_well_under_a_second()
    {
        var text = new StringBuilder("# Verksamhetsplan 2025\n");
        for (var s = 1; s <= 20; s++)
        {
            text.Append($"\n## Avsnitt {s}\n\nDistriktet ska under året:\n\n");
            for (var g = 1; g <= 100; g++)
            {
                text.Append($"{g}. Distriktet ska genomföra insats {s}.{g} tillsammans med föreningarna i länet och med\n");
                text.Append("   stöd från distriktsstyrelsen.\n");
                text.Append($"   - Aktivitet {s}.{g}\n");
            }
        }
        var lines = PlanTextParser.SplitLines(text.ToString());
        var (plan, report) = PlanTextParser.Parse(lines);
        // The best of a few runs, so a busy test machine does not decide the outcome.
        var fastest = Enumerable.Range(0, 3).Min(_ =>
        {
            var clock = Stopwatch.StartNew();
            PlanTextParser.Parse(lines);
            return clock.ElapsedMilliseconds;
        });

        Assert.Equal(2000, report.Goals);
        Assert.Equal(2000, report.Activities);
        Assert.Equal(20, report.Sections);
        Assert.All(plan.Goals, g => Assert.EndsWith("med stöd från distriktsstyrelsen.", g.Text));
        Assert.True(fastest < 500, $"{fastest} ms");
        // Two thousand joined items give one note, not two thousand.
        Assert.Single(report.Notes, n => n.Contains("slagits ihop", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("och 1\u00A0992 till", StringComparison.Ordinal));
    }

    [Fact]
    public void Randomly_assembled_plans_never_throw_and_never_lose_a_word()
    {
        string[] indents = ["", "", "", "  ", "   ", "    ", "\t", "\u00A0"];
        string[] markers = ["", "", "", "- ", "* ", "• ", "•\t", "o\t", "– ", "1. ", "12) ", "(3) ", "a) ", "-", "**", "# ", "## ", "#", "> "];
        string[] words = ["Distriktet", "ska", "stödja", "föreningarna", "i", "medlemsvården", "”Rättvis", "omställning”", "\"citat\"", "2025", "<b>", "&amp;", "**fet**", "--", "a)", "1.", "|"];
        string[] endings = ["", ".", ":", "**", " ", "\u00A0", ","];
        string[] specials = ["", "", "   ", "---", "===", "***", "- - -", "**Mål och aktiviteter**", "__Inledning:__"];
        var random = new Random(2025);
        for (var round = 0; round < 300; round++)
        {
            var lines = new List<string>();
            var count = random.Next(0, 40);
            for (var i = 0; i < count; i++)
            {
                if (random.Next(5) == 0) { lines.Add(specials[random.Next(specials.Length)]); continue; }
                var line = new StringBuilder(indents[random.Next(indents.Length)]).Append(markers[random.Next(markers.Length)]);
                var wordCount = random.Next(0, 12);
                for (var w = 0; w < wordCount; w++) line.Append(w == 0 ? "" : random.Next(8) == 0 ? "\u00A0" : " ").Append(words[random.Next(words.Length)]);
                lines.Add(line.Append(endings[random.Next(endings.Length)]).ToString());
            }
            var (plan, report) = PlanTextParser.Parse(lines);
            PlanFixtures.AssertNoWordLost(lines, plan);
            Assert.Equal(plan.Goals.Count(), report.Goals);
        }
    }

    [Theory]
    [InlineData(PlanFixtures.Markdown)]
    [InlineData(PlanFixtures.PastedFromWord)]
    [InlineData(PlanFixtures.ProseOnly)]
    [InlineData("# A\n- b\n  c\nD e.\n    - f\n\n   g\n1) h\n**i**\n__j:__\n")]
    public void No_word_of_the_text_is_lost(string text)
    {
        var (plan, _) = PlanTextParser.Parse(text);
        PlanFixtures.AssertNoWordLost(PlanTextParser.SplitLines(text), plan);
    }
}
