using System.Net;
using System.Text;
using Distrikt.Features.Demo;
using Distrikt.Features.Growth;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Growth;

/// <summary>The month-by-month arithmetic, on memberships whose dates are known.</summary>
public sealed class MemberGrowthComputeTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void Members_joins_and_leaves_per_month_and_a_move_inside_the_unit_is_neither()
    {
        List<(DateOnly, DateOnly?)> Spans(params (string Start, string? End)[] s) =>
            s.Select(x => (DateOnly.Parse(x.Start), x.End is null ? (DateOnly?)null : DateOnly.Parse(x.End))).ToList();
        var people = new List<List<(DateOnly StartedOn, DateOnly? EndedOn)>>
        {
            Spans(("2023-01-10", null)),                               // a member throughout
            Spans(("2026-06-05", "2026-09-14")),                       // joined in June, left in September
            Spans(("2026-11-02", null)),                               // joined this month
            Spans(("2024-03-01", "2026-08-31"), ("2026-09-01", null)), // moved between two associations: no leave, no join
        };
        var report = MemberGrowth.Compute(people, Today, 6);
        Assert.Equal(["2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-24"],
            report.Months.Select(m => m.MonthEnd.ToString("yyyy-MM-dd")));
        Assert.Equal([3, 3, 3, 2, 2, 3], report.Months.Select(m => m.Members));
        Assert.Equal([1, 0, 0, 0, 0, 1], report.Months.Select(m => m.Joined));
        Assert.Equal([0, 0, 0, 1, 0, 0], report.Months.Select(m => m.Left));
    }

    [Fact]
    public void Retention_counts_who_was_still_a_member_a_year_after_joining()
    {
        var people = new List<List<(DateOnly StartedOn, DateOnly? EndedOn)>>
        {
            new() { (new DateOnly(2025, 1, 15), null) },                          // stayed
            new() { (new DateOnly(2025, 3, 1), new DateOnly(2025, 9, 30)) },      // left within the year
            new() { (new DateOnly(2025, 5, 1), new DateOnly(2026, 6, 1)) },       // stayed past a year, then left
            new() { (new DateOnly(2022, 5, 1), null) },                           // joined long before: not in the cohort
        };
        var retention = MemberGrowth.Compute(people, Today, 12).Retention;
        Assert.Equal((3, 2), (retention.Joined, retention.StillMembers));
    }
}

public sealed class GrowthFactory : DistriktFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Distrikt:DemoMembers", "0")];
}

/// <summary>The page, its chart and its CSV, through HTTP on the real database.</summary>
[Trait("Category", "Integration")]
public sealed class MemberGrowthPageTests(GrowthFactory factory) : IClassFixture<GrowthFactory>
{
    [Fact]
    public async Task A_chair_sees_the_associations_growth_as_chart_table_and_csv_and_not_the_neighbours()
    {
        var today = SwedishFormat.Today(TimeProvider.System);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var before = await factory.WithDbAsync((db, _) => db.Set<Membership>().Where(MembershipQueries.CurrentOn(today)).CountAsync(m => m.UnitId == tierp));
        await factory.WithDbAsync(async (db, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var p = new Person { FirstName = "Ny", LastName = $"Tillväxtsson{i}" };
                db.Add(p);
                db.Add(new Membership { PersonId = p.Id, UnitId = tierp, StartedOn = today });
            }
            await db.SaveChangesAsync();
        });

        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (response, page) = await client.GetPageAsync($"/enheter/{tierp}/medlemsutveckling");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = page.QuerySelector("svg.chart[role=img]")!;
        Assert.Contains("Medlemmar vid varje månads slut", svg.QuerySelector("title")!.TextContent);
        Assert.Contains(SwedishFormat.Number(before + 3), svg.QuerySelector("desc")!.TextContent);
        var thisMonth = page.QuerySelectorAll("tbody tr")[0];
        Assert.Equal(today.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", SwedishFormat.Culture), thisMonth.QuerySelector("th")!.TextContent);
        Assert.Equal(SwedishFormat.Number(before + 3), thisMonth.QuerySelectorAll("td")[0].TextContent);
        Assert.True(int.Parse(thisMonth.QuerySelectorAll("td")[1].TextContent) >= 3);

        var csv = await client.Http.GetAsync($"/enheter/{tierp}/medlemsutveckling?handler=Csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Månad;Medlemmar vid månadens slut;Nya;Avslutade", lines[0]);
        Assert.Equal(25, lines.Length);
        Assert.StartsWith($"{today:yyyy-MM};{before + 3};", lines[^1]);

        var neighbour = await client.Http.GetAsync($"/enheter/{uppsala}/medlemsutveckling");
        Assert.Equal(HttpStatusCode.Redirect, neighbour.StatusCode);
        Assert.Contains("/atkomst-nekad", neighbour.Headers.Location!.OriginalString);
    }
}
