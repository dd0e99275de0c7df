using Distrikt.Infrastructure.Web;

namespace Distrikt.Tests.Web;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+46701234567", "'+46701234567")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("Åsa Öberg", "Åsa Öberg")]
    [InlineData("Storgatan 1; 2 tr", "\"Storgatan 1; 2 tr\"")]
    [InlineData("rad ett\nrad två", "\"rad ett\nrad två\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cell_is_neutralised_when_it_would_be_a_formula_and_quoted_when_it_must_be(string? value, string expected) =>
        Assert.Equal(expected, CsvWriter.Cell(value));

    [Fact]
    public void A_file_starts_with_the_byte_order_mark_and_separates_with_semicolons_and_CRLF()
    {
        var bytes = CsvWriter.ToBytes(csv =>
        {
            csv.WriteRow("Förnamn", "Efternamn");
            csv.WriteRow("Åsa", null);
        });
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Förnamn;Efternamn\r\nÅsa;\r\n", System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Excel_columns_are_named_like_Excel_names_them(int index, string name) => Assert.Equal(name, XlsxWriter.ColumnName(index));
}
