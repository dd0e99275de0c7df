using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Gatherings;

/// <summary>After the door: who came and who did not, on the page and in the export; and a calendar file that cannot be made.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AttendanceTests(DistriktFactory factory)
{
    [Fact]
    public async Task Once_the_gathering_has_begun_the_organisers_see_who_had_a_seat_but_did_not_come()
    {
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var id = await staff.CreateGatheringAsync(await factory.DistrictIdAsync(), "Närvaroträff", DateOnly.FromDateTime(DateTime.Today).AddDays(5));
        var people = new List<Guid>();
        foreach (var name in new[] { "Kom", "Uteblev" })
        {
            var (email, personId) = await factory.MemberWithAccountAsync("Vänsterpartiet Uppsala", name);
            people.Add(personId);
            using var client = await factory.SignedInAsync(email);
            var (_, page) = await client.GetPageAsync($"/traffar/{id}");
            await client.SubmitAsync(page, "form[action*='handler=Register']", []);
        }
        var (_, before) = await staff.GetPageAsync($"/traffar/{id}/deltagare");
        Assert.Null(before.QuerySelector("#noshow-heading")); // nobody can be missing before it starts

        // It began an hour ago; one was checked in at the door.
        await factory.WithDbAsync(async (db, _) =>
        {
            var start = DateTimeOffset.UtcNow.AddHours(-1);
            await db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, start).SetProperty(x => x.EndsAt, start.AddHours(2)));
            await db.Set<Registration>().Where(r => r.GatheringId == id && r.PersonId == people[0]).ExecuteUpdateAsync(s => s.SetProperty(r => r.CheckedInAt, start.AddMinutes(-5)));
        });
        var (_, after) = await staff.GetPageAsync($"/traffar/{id}/deltagare");
        var missing = after.QuerySelector("#noshow-heading + p + ul")!.TextContent;
        Assert.Contains("Uteblev Träffsson", missing);
        Assert.DoesNotContain("Kom Träffsson", missing);
        var csv = await staff.Http.GetStringAsync($"/traffar/{id}/deltagare?handler=Csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.EndsWith("Närvaro", lines[0]);
        Assert.Contains(lines, l => l.Contains("Uteblev Träffsson") && l.EndsWith("kom inte"));
        Assert.Contains(lines, l => l.Contains("Kom Träffsson") && l.EndsWith(";kom"));
    }

    [Fact]
    public async Task A_calendar_file_for_a_gathering_without_sessions_is_refused_with_the_reason()
    {
        using var staff = await factory.SignedInAsync(DemoSeeder.Staff.Email);
        var id = await staff.CreateGatheringAsync(await factory.DistrictIdAsync(), "Träff utan pass", DateOnly.FromDateTime(DateTime.Today).AddDays(5));
        Assert.Equal(HttpStatusCode.OK, (await staff.Http.GetAsync($"/traffar/{id}?handler=Ics")).StatusCode);
        await factory.WithDbAsync((db, _) => db.Set<GatheringSession>().Where(s => s.GatheringId == id).ExecuteDeleteAsync());
        var response = await staff.Http.GetAsync($"/traffar/{id}?handler=Ics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("inga pass med datum och tid", await response.Content.ReadAsStringAsync());
    }
}
