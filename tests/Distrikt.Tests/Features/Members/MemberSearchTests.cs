using Distrikt.Features.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Distrikt.Tests.Features.Members;

public sealed class MemberSearchTests
{
    [Theory]
    [InlineData("070-123 45 67", "0701234567|46701234567")]
    [InlineData("+46 70 123 45 67", "46701234567|0701234567")]
    [InlineData("0046701234567", "46701234567|0701234567")]
    [InlineData("(070) 123", "070123|4670123")]
    [InlineData("4100228", "4100228")]
    public void A_phone_number_is_tried_in_its_national_and_international_forms(string typed, string forms) =>
        Assert.Equal(forms, string.Join('|', Assert.Single(MemberSearch.Terms(typed))));

    [Theory]
    [InlineData("Åsa ÖBERG", "asa;oberg")]
    [InlineData("Anna-Karin", "anna;karin")]
    [InlineData("malin.h@exempel.se", "malin;h;exempel;se")]
    [InlineData("  håkan  håkan ", "hakan")]
    [InlineData("12", "12")]
    [InlineData("", "")]
    [InlineData("_", "")]
    public void Words_are_folded_and_split_as_the_column_is(string typed, string words) =>
        Assert.Equal(words, string.Join(';', MemberSearch.Terms(typed).Select(t => Assert.Single(t))));

    [Fact]
    public void Like_wildcards_in_what_is_typed_are_taken_literally() =>
        Assert.Equal("% 50\\%%", MemberSearch.WordPrefixPattern("50%"));

    [Fact]
    public void The_filter_survives_the_round_trip_through_the_address()
    {
        var unit = Guid.NewGuid();
        var type = Guid.NewGuid();
        var filter = new MemberFilter
        {
            Search = "anna lind", UnitId = unit, Status = MemberStatus.Former, JoinedWithinDays = 90,
            Fee = FeeStatus.Unpaid, Tag = "vill skriva motioner", AssignmentTypeId = type,
        };
        var url = filter.ToQueryString(("sida", "3"));
        Assert.Contains("q=anna%20lind", url);
        Assert.Contains("sida=3", url);
        var query = new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url));
        Assert.Equal(filter, MemberFilter.FromQuery(query));
        Assert.Equal("", new MemberFilter().ToQueryString());
    }

    [Fact]
    public void Values_the_form_cannot_send_are_left_out()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["status"] = "kanske", ["nya"] = "7", ["avgift"] = "ibland", ["forening"] = "inte-ett-id", ["q"] = new string('x', 300),
        });
        var filter = MemberFilter.FromQuery(query);
        Assert.Equal(MemberStatus.Current, filter.Status);
        Assert.Null(filter.JoinedWithinDays);
        Assert.Null(filter.Fee);
        Assert.Null(filter.UnitId);
        Assert.Equal(MemberFilter.MaxSearchLength, filter.Search!.Length);
    }

    [Fact]
    public void The_description_for_the_audit_log_never_repeats_the_search()
    {
        var text = new MemberFilter { Search = "070-123 45 67", Fee = FeeStatus.Paid }.Describe(_ => null, _ => null);
        Assert.Equal("nuvarande, avgift betald, med sökning", text);
    }

    [Fact]
    public void File_names_carry_the_unit_and_the_day_in_plain_letters() =>
        Assert.Equal("medlemmar-vansterpartiet-alvkarleby-2026-11-24.xlsx", MemberExport.FileName("Vänsterpartiet Älvkarleby", new DateOnly(2026, 11, 24), "xlsx"));
}
