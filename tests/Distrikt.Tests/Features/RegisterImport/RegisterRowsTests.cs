using System.Text;
using Distrikt.Features.RegisterImport;

namespace Distrikt.Tests.Features.RegisterImport;

/// <summary>Each value of a row checked the way the register's data should be, with the row and field named when not.</summary>
public sealed class RegisterRowsTests
{
    private static RegisterRowsResult Read(string csv)
    {
        var table = RegisterFile.Read(Encoding.UTF8.GetBytes(csv));
        return RegisterRows.Read(table, RegisterColumns.Detect(table.Headers));
    }

    private const string Header = "Medlemsnr;Förnamn;Efternamn;Personnummer;E-post;Mobil;Postnummer;Kommun;Medlem sedan\n";

    [Fact]
    public void A_clean_row_is_normalised()
    {
        var result = Read(Header + "4100001;Åsa;Öberg;19811218-9876;Asa@Exempel.TEST;070-174 06 12;753 20;;2019-05-01\n");
        var m = Assert.Single(result.Members);
        Assert.Empty(result.Rejected);
        Assert.Equal("4100001", m.MemberNumber);
        Assert.Equal(new DateOnly(1981, 12, 18), m.BirthDate);
        Assert.Equal("Asa@exempel.test", m.Email);
        Assert.Equal("+46701740612", m.Phone);
        Assert.Equal("75320", m.PostalCode);
        Assert.Equal("0380", m.MunicipalityCode); // Uppsala, from the postal code
        Assert.Equal(new DateOnly(2019, 5, 1), m.JoinedOn);
    }

    [Theory]
    [InlineData("4100002;=HYPERLINK(\"http://x\");Berg;;;;;;", "Förnamn", "kalkylformel")]
    [InlineData("4100002;Anna;Berg;19811218-9875;;;;;", "Personnummer", "kontrollsiffra")]
    [InlineData("4100002;Anna;Berg;;anna@;;;;", "E-post", "giltig e-postadress")]
    [InlineData("4100002;Anna;Berg;;;12;;;", "Telefon", "telefonnummer")]
    [InlineData("4100002;Anna;Berg;;;;7532;;", "Postnummer", "fem siffror")]
    [InlineData("4100002;Anna;Berg;;;;;Atlantis;", "Kommun", "svensk kommun")]
    [InlineData("4100002;Anna;Berg;;;;;;1 maj", "Inträdesdatum", "datum")]
    [InlineData(";Anna;Berg;;;;;;", "Medlemsnummer", "saknas")]
    [InlineData("4100002;;Berg;;;;;;", "Förnamn", "saknas")]
    public void A_bad_value_rejects_its_row_naming_the_row_and_the_field(string row, string field, string reason)
    {
        var result = Read(Header + "4100001;Bo;Ek;;;;;;\n" + row + "\n");
        Assert.Single(result.Members);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(3, rejected.Row);
        Assert.Equal(field, rejected.Field);
        Assert.Contains(reason, rejected.Reason);
    }

    [Theory]
    [InlineData("Tierp", "0360")]
    [InlineData("tierps kommun", "0360")]
    [InlineData("Stockholm", "0180")]
    [InlineData("0360 Tierp", "0360")]
    [InlineData("360", "0360")]
    public void A_municipality_is_read_by_name_or_code(string written, string code)
    {
        var result = Read(Header + $"4100001;Bo;Ek;;;;;{written};\n");
        Assert.Equal(code, Assert.Single(result.Members).MunicipalityCode);
    }

    [Fact]
    public void A_duplicate_member_number_is_rejected_and_a_shared_email_is_accepted_with_a_warning()
    {
        var result = Read(Header
            + "4100001;Bo;Ek;;par@exempel.test;;;;\n"
            + "4100001;Bo;Ek;;;;;;\n"
            + "4100003;Cia;Ek;;par@exempel.test;;;;\n");
        Assert.Equal(2, result.Members.Count);
        var duplicate = Assert.Single(result.Rejected);
        Assert.Equal(3, duplicate.Row);
        Assert.Contains("finns redan på rad 2", duplicate.Reason);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(4, warning.Row);
        Assert.Contains("rad 2", warning.Message);
    }

    [Theory]
    [InlineData("811218-9876", 1981, 12, 18)]
    [InlineData("198112189876", 1981, 12, 18)]
    [InlineData("8112789873", 1981, 12, 18)] // samordningsnummer: day + 60
    public void Personnummer_give_their_birth_date(string number, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), PersonalIdentityNumber.BirthDateOf(number, new DateOnly(2026, 11, 24)));

    [Theory]
    [InlineData("811218-9877")]
    [InlineData("811318-9876")]
    [InlineData("81121898")]
    [InlineData("abc")]
    public void Invalid_personnummer_give_nothing(string number) =>
        Assert.Null(PersonalIdentityNumber.BirthDateOf(number, new DateOnly(2026, 11, 24)));

    [Fact]
    public void A_birth_date_is_shown_without_the_last_four_digits() =>
        Assert.Equal("19811218-****", PersonalIdentityNumber.Masked(new DateOnly(1981, 12, 18)));

    [Theory]
    [InlineData("anna.berg@exempel.se", "anna.berg@exempel.se")]
    [InlineData("Anna.Berg@Exempel.SE", "Anna.Berg@exempel.se")]
    [InlineData("mailto:anna@exempel.se", "anna@exempel.se")]
    [InlineData("o'brien+vp@post.exempel.se", "o'brien+vp@post.exempel.se")]
    [InlineData("åsa@exempel.se", "åsa@exempel.se")]
    [InlineData("anna@exempel", null)]
    [InlineData("anna berg@exempel.se", null)]
    [InlineData("anna@", null)]
    [InlineData("@exempel.se", null)]
    [InlineData("anna@@exempel.se", null)]
    [InlineData("Anna Berg <anna@exempel.se>", null)]
    [InlineData("=HYPERLINK(\"x\")@exempel.se", null)]
    public void E_mail_addresses_are_accepted_only_in_their_plain_form(string raw, string? expected) =>
        Assert.Equal(expected, RegisterRows.NormaliseEmail(raw));
}
