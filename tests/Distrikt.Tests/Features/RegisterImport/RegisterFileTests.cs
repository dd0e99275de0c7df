using System.IO.Compression;
using System.Text;
using Distrikt.Features.RegisterImport;

namespace Distrikt.Tests.Features.RegisterImport;

/// <summary>Reading exports as the register and spreadsheet programs really write them.</summary>
public sealed class RegisterFileTests
{
    static RegisterFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Header = "Medlemsnummer;Förnamn;Efternamn;Postnummer;E-post";

    [Theory]
    [InlineData("utf8-bom", "UTF-8 med BOM")]
    [InlineData("utf8", "UTF-8")]
    [InlineData("cp1252", "Windows-1252")]
    public void Swedish_letters_survive_each_encoding(string encoding, string detected)
    {
        var text = Header + "\r\n1001;Åsa;Öberg;75320;asa@exempel.test\r\n";
        var bytes = encoding switch
        {
            "utf8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf8" => Encoding.UTF8.GetBytes(text),
            _ => Encoding.GetEncoding(1252).GetBytes(text),
        };
        var table = RegisterFile.Read(bytes);
        Assert.Equal(detected, table.EncodingName);
        Assert.Equal("Förnamn", table.Headers[1]);
        Assert.Equal(["1001", "Åsa", "Öberg", "75320", "asa@exempel.test"], table.Rows[0].Fields);
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    [InlineData('\t')]
    public void The_separator_is_found_from_the_header(char separator)
    {
        var text = string.Join(separator, "Medlemsnummer", "Förnamn", "Efternamn") + "\n" + string.Join(separator, "7", "Karin", "Lind") + "\n";
        var table = RegisterFile.Read(Encoding.UTF8.GetBytes(text));
        Assert.Equal(separator, table.Separator);
        Assert.Equal(["7", "Karin", "Lind"], table.Rows[0].Fields);
    }

    [Fact]
    public void Quoted_fields_keep_separators_quotes_and_line_breaks_and_rows_are_numbered_as_a_spreadsheet_shows_them()
    {
        var text = "Medlemsnummer;Förnamn;Efternamn;Adress\n"
                   + "1;Anna;\"Berg; Sjö\";\"c/o \"\"Lilla\"\" huset\nTrappa 2\"\n"
                   + "2;Bo;Ek;Storgatan 1\n";
        var table = RegisterFile.Read(Encoding.UTF8.GetBytes(text));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("Berg; Sjö", table.Rows[0].Fields[2]);
        Assert.Equal("c/o \"Lilla\" huset\nTrappa 2", table.Rows[0].Fields[3]);
        Assert.Equal(2, table.Rows[0].Number);
        Assert.Equal(3, table.Rows[1].Number);
    }

    [Fact]
    public void An_unclosed_quote_refuses_the_file_naming_the_row()
    {
        var text = "Medlemsnummer;Förnamn;Efternamn\n1;Anna;Berg\n2;\"Bo;Ek\n3;Cia;Al\n";
        var e = Assert.Throws<RegisterFileException>(() => RegisterFile.Read(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("Rad 3", e.Message);
    }

    [Fact]
    public void Files_that_are_not_exports_are_refused_by_their_content()
    {
        Assert.Contains("tom", Assert.Throws<RegisterFileException>(() => RegisterFile.Read([])).Message);
        Assert.Contains("binära", Assert.Throws<RegisterFileException>(() => RegisterFile.Read([0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2, 3])).Message);
        Assert.Contains(".xls", Assert.Throws<RegisterFileException>(() => RegisterFile.Read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0])).Message);
        Assert.Contains("skadad", Assert.Throws<RegisterFileException>(() => RegisterFile.Read([(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6])).Message);
        var huge = new byte[RegisterFile.MaxBytes + 1];
        Assert.Contains("MB", Assert.Throws<RegisterFileException>(() => RegisterFile.Read(huge)).Message);
    }

    [Fact]
    public void An_excel_workbook_is_read_with_shared_strings_numbers_and_dates()
    {
        var table = RegisterFile.Read(Xlsx.Build(
            ["Medlemsnummer", "Förnamn", "Efternamn", "Inträdesdatum"],
            [[4100123m, "Åke", "Ström", new DateOnly(2021, 3, 4)]]));
        Assert.Equal("Excel (.xlsx)", table.Format);
        Assert.Equal(["Medlemsnummer", "Förnamn", "Efternamn", "Inträdesdatum"], table.Headers);
        Assert.Equal(["4100123", "Åke", "Ström", "2021-03-04"], table.Rows[0].Fields);
    }

    [Fact]
    public void A_row_with_far_more_fields_than_the_header_is_rejected_with_its_number()
    {
        var text = "Medlemsnummer;Förnamn;Efternamn\n1;Anna;Berg\n2;Bo;" + string.Join(';', Enumerable.Range(0, 500).Select(i => "x" + i)) + "\n";
        var table = RegisterFile.Read(Encoding.UTF8.GetBytes(text));
        var result = RegisterRows.Read(table, RegisterColumns.Detect(table.Headers));
        Assert.Single(result.Members);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(3, rejected.Row);
        Assert.Contains("502 fält", rejected.Reason);
    }
}

/// <summary>A minimal .xlsx written by hand (shared strings, a date style), as Excel saves one.</summary>
public static class Xlsx
{
    public static byte[] Build(string[] headers, object[][] rows)
    {
        var shared = new List<string>();
        int Shared(string s) { var i = shared.IndexOf(s); if (i < 0) { shared.Add(s); i = shared.Count - 1; } return i; }
        string Col(int i) => ((char)('A' + i)).ToString();
        var sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        var all = new List<object[]> { headers.Cast<object>().ToArray() };
        all.AddRange(rows);
        for (var r = 0; r < all.Count; r++)
        {
            sheet.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < all[r].Length; c++)
            {
                var reference = $"{Col(c)}{r + 1}";
                switch (all[r][c])
                {
                    case string s: sheet.Append($"<c r=\"{reference}\" t=\"s\"><v>{Shared(s)}</v></c>"); break;
                    case decimal d: sheet.Append($"<c r=\"{reference}\"><v>{d.ToString(System.Globalization.CultureInfo.InvariantCulture)}</v></c>"); break;
                    case DateOnly date: sheet.Append($"<c r=\"{reference}\" s=\"1\"><v>{date.ToDateTime(TimeOnly.MinValue).ToOADate()}</v></c>"); break;
                }
            }
            sheet.Append("</row>");
        }
        sheet.Append("</sheetData></worksheet>");
        var strings = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{shared.Count}\">");
        foreach (var s in shared) strings.Append("<si><t>").Append(System.Security.SecurityElement.Escape(s)).Append("</t></si>");
        strings.Append("</sst>");
        const string styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
        const string workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Medlemmar\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
        const string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content) { using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false)); w.Write(content); }
            Add("xl/workbook.xml", workbook);
            Add("xl/_rels/workbook.xml.rels", rels);
            Add("xl/worksheets/sheet1.xml", sheet.ToString());
            Add("xl/sharedStrings.xml", strings.ToString());
            Add("xl/styles.xml", styles);
        }
        return buffer.ToArray();
    }
}
