using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Distrikt.Features.Plans.Import;

namespace Distrikt.Tests.Features.Plans.Import;

/// <summary>Operational plans written in Word: headings by style, lists by numbering, bold lines, tables.</summary>
public sealed class PlanDocxReaderTests
{
    private const int BulletList = 1;
    private const int NumberedList = 2;

    [Fact]
    public void A_word_plan_gives_the_same_structure_as_the_same_plan_in_markdown()
    {
        var docx = Docx(body => body.Append(
            P("Verksamhetsplan 2025 för Vänsterpartiet Uppsala län", style: "Heading1"),
            P(""),
            P("Verksamhetsplanen antogs av distriktsårskonferensen den 15 mars 2025. Den beskriver vad distriktet ska göra under året och hur distriktsstyrelsen följer upp arbetet."),
            P("Övergripande uppgifter", style: "Heading2"),
            P("Distriktet ska under året:"),
            Item("Distriktet ska stödja föreningarna i medlemsvården genom ett faddersystem där varje förening har en kontaktperson i styrelsen."),
            Item("Distriktet ska genomföra minst två utbildningar i grundläggande organisering,", "varav en ska hållas i norra länet."),
            P(""),
            Item("Distriktet ska verka för att fler medlemmar blir aktiva i sina föreningar."),
            P("Mål och aktiviteter", style: "Heading2"),
            Item("Distriktet ska öka antalet medlemmar med tio procent.", list: NumberedList),
            Item("Värvningskampanj i samband med första maj.", level: 1),
            Item("Uppföljande samtal med nya medlemmar inom en månad.", level: 1),
            Item("Distriktet ska stärka arbetet med feministisk politik.", list: NumberedList),
            P(""),
            Item("Studiecirkel i ”Feministisk klasspolitik” i varje förening.", level: 1),
            P(""),
            Item("Distriktet ska delta i Uppsala Pride med egen paroll.", list: NumberedList),
            P("Specifika mål för 2025", bold: true),
            Item("Distriktet ska ta fram en plan för valrörelsen 2026."),
            Item("Distriktet ska genomföra en distriktsträff under hösten."),
            P("Styrelsen redovisar arbetet i verksamhetsberättelsen.")));

        var (fromWord, report) = PlanDocxReader.Read(new MemoryStream(docx));
        var (fromText, _) = PlanTextParser.Parse(PlanFixtures.Markdown);

        Assert.Equal(fromText.Title, fromWord.Title);
        Assert.Equal(fromText.Intro.Select(p => p.Text), fromWord.Intro.Select(p => p.Text));
        Assert.Equal(fromText.Sections.Count, fromWord.Sections.Count);
        for (var i = 0; i < fromText.Sections.Count; i++)
        {
            var (text, word) = (fromText.Sections[i], fromWord.Sections[i]);
            Assert.Equal(text.Title, word.Title);
            Assert.Equal(text.Prose.Select(p => p.Text), word.Prose.Select(p => p.Text));
            Assert.Equal(text.Goals.Select(g => (g.Text, g.LeadIn, string.Join(" / ", g.Activities))), word.Goals.Select(g => (g.Text, g.LeadIn, string.Join(" / ", g.Activities))));
        }
        Assert.Equal((3, 8, 3, 3), (report.Sections, report.Goals, report.Activities, report.ProseParagraphs));
        Assert.Equal(PlanSourceUnit.Paragraph, report.Unit);
        Assert.Equal("Word-dokument (.docx)", report.Format);
        Assert.Equal(6, fromWord.Sections[0].Goals[0].SourceLine); // the sixth paragraph of the document
        Assert.Contains("Stycke 19: ett stycke helt i fetstil har tolkats som rubrik.", report.Notes);
    }

    [Fact]
    public void Swedish_style_ids_style_names_and_outline_levels_make_headings()
    {
        var docx = Docx(body => body.Append(
            P("Verksamhetsplan 2025", style: "Rubrik"),
            P("Övergripande uppgifter", style: "Rubrik1"),
            Item("Distriktet ska växa."),
            P("Mål och aktiviteter", style: "MinRubrik"),
            Item("Distriktet ska synas."),
            P("Specifika mål för 2025", style: "Avsnitt"),
            Item("Distriktet ska ordna en sommarskola."),
            OutlineParagraph("Uppföljning", 1),
            P("Styrelsen följer upp planen varje kvartal.")),
            extraStyles:
            [
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "MinRubrik" },
                new Style(new StyleName { Val = "Avsnittsrubrik" }, new BasedOn { Val = "MinRubrik" }) { Type = StyleValues.Paragraph, StyleId = "Avsnitt" },
            ]);
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal("Verksamhetsplan 2025", plan.Title);
        Assert.Equal(["Övergripande uppgifter", "Mål och aktiviteter", "Specifika mål för 2025", "Uppföljning"], plan.Sections.Select(s => s.Title));
        Assert.Equal(3, plan.Goals.Count());
    }

    [Fact]
    public void A_list_style_with_numbering_makes_items_and_numbering_zero_turns_it_off()
    {
        var docx = Docx(body => body.Append(
            P("Mål", style: "Heading1"),
            P("Distriktet ska växa i hela länet.", style: "ListBullet"),
            P("Distriktet ska synas i debatten.", style: "ListBullet"),
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "ListBullet" }, new NumberingProperties(new NumberingId { Val = 0 })), Run("Ett stycke i liststil, utan punkt."))));
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        var section = Assert.Single(plan.Sections);
        Assert.Equal(["Distriktet ska växa i hela länet.", "Distriktet ska synas i debatten."], section.Goals.Select(g => g.Text));
        Assert.Equal("Ett stycke i liststil, utan punkt.", Assert.Single(section.Prose).Text);
    }

    [Fact]
    public void Bullets_typed_by_hand_are_items_nested_by_their_indentation()
    {
        var docx = Docx(body => body.Append(
            P("Mål", style: "Heading1"),
            Indented("• Distriktet ska utbilda nya förtroendevalda.", 360),
            Indented("– Grundkurs för nya styrelseledamöter.", 1080),
            Indented("– Kurs i mötesteknik.", 1080),
            Indented("1. Distriktet ska bygga upp en resursbank.", 360)));
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        var goals = Assert.Single(plan.Sections).Goals;
        Assert.Equal(["Distriktet ska utbilda nya förtroendevalda.", "Distriktet ska bygga upp en resursbank."], goals.Select(g => g.Text));
        Assert.Equal(["Grundkurs för nya styrelseledamöter.", "Kurs i mötesteknik."], goals[0].Activities);
    }

    [Fact]
    public void Hard_spaces_tabs_and_line_breaks_are_whitespace_and_quotes_stay_as_written()
    {
        var item = new Paragraph(
            new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = BulletList })),
            Run("Distriktet\u00A0ska driva kampanjen ”Rättvis omställning”"),
            new Run(new Break()),
            Run("och \"Bostad åt alla\""),
            new Run(new TabChar()),
            Run("i länet."));
        var docx = Docx(body => body.Append(P("Mål", style: "Heading1"), item));
        var (plan, report) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal("Distriktet ska driva kampanjen ”Rättvis omställning” och \"Bostad åt alla\" i länet.", Assert.Single(plan.Goals).Text);
        Assert.Contains("Ett hårt mellanslag har ersatts med ett vanligt mellanslag.", report.Notes);
    }

    [Fact]
    public void A_paragraph_partly_in_bold_or_ending_with_a_colon_is_prose()
    {
        var docx = Docx(body => body.Append(
            P("Verksamhetsplan 2025", style: "Title"),
            new Paragraph(Run("Distriktet ska ", bold: true), Run("särskilt prioritera medlemsvården.")),
            P("Distriktet ska under året:", bold: true),
            Item("Distriktet ska växa.")));
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal(["Distriktet ska särskilt prioritera medlemsvården.", "Distriktet ska under året:"], plan.Intro.Select(p => p.Text));
        Assert.Equal("Distriktet ska under året:", Assert.Single(plan.Goals).LeadIn);
    }

    [Fact]
    public void Tables_are_kept_as_prose_row_by_row_and_deleted_text_is_left_out()
    {
        var table = new Table(
            new TableRow(Cell("Aktivitet"), Cell("Ansvarig"), Cell("När")),
            new TableRow(Cell("Medlemsdag"), Cell("Studieansvarig"), Cell("Maj")));
        var withDeletion = new Paragraph(
            Run("Styrelsen följer upp planen "),
            new DeletedRun(new Run(new DeletedText("varje månad"))) { Author = "Sekreterare", Id = "1" },
            new InsertedRun(Run("varje kvartal.")) { Author = "Sekreterare", Id = "2" });
        var docx = Docx(body => body.Append(P("Tidsplan", style: "Heading1"), table, withDeletion));
        var (plan, report) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal(["Aktivitet | Ansvarig | När", "Medlemsdag | Studieansvarig | Maj", "Styrelsen följer upp planen varje kvartal."], plan.Intro.Select(p => p.Text));
        Assert.Contains(report.Notes, n => n.StartsWith("Styckena 2 och 3: tabellrader", StringComparison.Ordinal));
        Assert.Contains("Inga punktlistor hittades; hela texten sparas som löptext.", report.Notes);
    }

    [Fact]
    public void A_document_without_styles_or_numbering_parts_is_still_read()
    {
        var docx = Docx(body => body.Append(
            P("Verksamhetsplan 2025", style: "Heading1"),
            P("Mål", style: "Heading2"),
            Item("Distriktet ska växa."),
            Item("Medlemsmöte varje månad.", level: 1)), styles: false, numbering: false);
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal("Verksamhetsplan 2025", plan.Title);
        Assert.Equal(["Medlemsmöte varje månad."], Assert.Single(plan.Goals).Activities);
    }

    [Fact]
    public void Attribute_values_word_would_not_write_are_read_as_absent()
    {
        var odd = new Paragraph(
            new ParagraphProperties(
                new OutlineLevel { Val = new Int32Value { InnerText = "hög" } },
                new NumberingProperties(new NumberingLevelReference { Val = new Int32Value { InnerText = "x" } }, new NumberingId { Val = BulletList })),
            new Run(new RunProperties(new Bold { Val = new OnOffValue { InnerText = "kanske" } }), new Text("Distriktet ska växa.")));
        var docx = Docx(body => body.Append(P("Mål", style: "Heading1"), odd));
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        Assert.Equal("Distriktet ska växa.", Assert.Single(plan.Goals).Text);
    }

    [Fact]
    public void A_broken_document_is_refused_with_a_swedish_message()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document><w:body><w:p>");
        }
        stream.Position = 0;
        var error = Assert.Throws<PlanFileException>(() => PlanDocxReader.Read(stream));
        Assert.Contains("går inte att läsa", error.Message);
    }

    [Fact]
    public void No_word_of_the_document_is_lost()
    {
        var paragraphs = new[]
        {
            P("Verksamhetsplan 2025", style: "Heading1"),
            P("Inledning om året som kommer."),
            P("Distriktet ska under året:", bold: true),
            Item("Distriktet ska växa."),
            Item("Värvning i alla kommuner.", level: 1),
            Item("Kampanj inför valet.", level: 2),
            P("Avslutning", bold: true),
            Indented("• Ett handskrivet mål.", 0),
            P("Sista stycket."),
        };
        var words = paragraphs.Select(p => p.InnerText).ToList();
        var docx = Docx(body => body.Append(paragraphs));
        var (plan, _) = PlanDocxReader.Read(new MemoryStream(docx));
        PlanFixtures.AssertNoWordLost(words, plan);
    }

    // ---- building documents ----

    internal static byte[] Docx(Action<Body> build, bool styles = true, bool numbering = true, IEnumerable<Style>? extraStyles = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            if (styles)
            {
                var part = main.AddNewPart<StyleDefinitionsPart>();
                part.Styles = new Styles(
                    new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
                    HeadingStyle("Title", "Title"),
                    HeadingStyle("Heading1", "heading 1"),
                    HeadingStyle("Heading2", "heading 2"),
                    HeadingStyle("Rubrik", "Title"),
                    HeadingStyle("Rubrik1", "heading 1"),
                    new Style(
                        new StyleName { Val = "List Bullet" },
                        new StyleParagraphProperties(new NumberingProperties(new NumberingId { Val = BulletList })))
                    { Type = StyleValues.Paragraph, StyleId = "ListBullet" });
                foreach (var extra in extraStyles ?? []) part.Styles.Append(extra);
            }
            if (numbering)
            {
                var part = main.AddNewPart<NumberingDefinitionsPart>();
                part.Numbering = new Numbering(
                    AbstractList(0, NumberFormatValues.Bullet, "•"),
                    AbstractList(1, NumberFormatValues.Decimal, "%1."),
                    new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = BulletList },
                    new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberedList });
            }
            build(main.Document.Body!);
        }
        return stream.ToArray();
    }

    private static Style HeadingStyle(string id, string name) =>
        new(new StyleName { Val = name }, new StyleRunProperties(new Bold())) { Type = StyleValues.Paragraph, StyleId = id };

    private static AbstractNum AbstractList(int id, NumberFormatValues format, string text) =>
        new(Enumerable.Range(0, 3).Select(level => new Level(
                new NumberingFormat { Val = format },
                new LevelText { Val = text.Replace("1", (level + 1).ToString(), StringComparison.Ordinal) },
                new PreviousParagraphProperties(new Indentation { Left = (720 * (level + 1)).ToString(), Hanging = "360" }))
            { LevelIndex = level }))
        { AbstractNumberId = id };

    internal static Paragraph P(string text, string? style = null, bool bold = false)
    {
        var paragraph = new Paragraph();
        if (style is not null) paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        if (text.Length > 0) paragraph.Append(Run(text, bold));
        return paragraph;
    }

    /// <summary>A list item; several texts are runs separated by line breaks (Shift+Enter), as one item wrapped by hand.</summary>
    internal static Paragraph Item(string text, string? more = null, int level = 0, int list = BulletList)
    {
        var paragraph = new Paragraph(
            new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = list })),
            Run(text));
        if (more is not null) paragraph.Append(new Run(new Break()), Run(more));
        return paragraph;
    }

    private static Paragraph Indented(string text, int twips) =>
        new(new ParagraphProperties(new Indentation { Left = twips.ToString() }), Run(text));

    private static Paragraph OutlineParagraph(string text, int level) =>
        new(new ParagraphProperties(new OutlineLevel { Val = level }), Run(text));

    internal static Run Run(string text, bool bold = false)
    {
        var run = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        if (bold) run.PrependChild(new RunProperties(new Bold()));
        return run;
    }

    private static TableCell Cell(string text) => new(new Paragraph(Run(text)));
}
