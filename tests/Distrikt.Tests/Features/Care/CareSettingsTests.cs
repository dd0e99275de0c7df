using System.Net;
using Distrikt.Features.Care;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Care;

/// <summary>The district's care rules: validated, saved, logged — and the queues follow them.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CareSettingsTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    /// <summary>The demo district is shared: whatever a test saves, the defaults come back afterwards.</summary>
    private Task ForgetSettingsAsync(Guid district) =>
        factory.WithDbAsync((db, _) => db.Set<MemberCareSettings>().Where(s => s.DistrictId == district).ExecuteDeleteAsync());

    [Fact]
    public async Task Bad_values_get_a_Swedish_message_naming_the_field_and_nothing_is_saved()
    {
        var district = await factory.DistrictIdAsync();
        var url = $"/enheter/{district}/medlemsvard/installningar";
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (response, page) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("60", page.QuerySelector("#nya")!.GetAttribute("value"));
        Assert.Equal("730", page.QuerySelector("#tidigare")!.GetAttribute("value"));
        Assert.Contains("Mellan 1 och 730 dagar", page.Text("form.care-settings"));

        try
        {
            var refused = await client.SubmitAsync(page, "form.care-settings",
                page.FormValues("form.care-settings", ("nya", "0"), ("aterkommande", "tre"), ("obetald", ""), ("rekrytering", "5000"), ("uttradda", "400"), ("tidigare", "365")));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var again = await AppClient.ParseAsync(refused);
            var errors = again.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()).ToList();
            Assert.Equal([
                "Nya medlemmar, dagar: ange mellan 1 och 730 dagar.",
                "Återkommande medlemmar, dagar: skriv ett helt antal dagar, till exempel 60.",
                "Fyll i obetald avgift, dagar före.",
                "Kontakter att rekrytera sparas, dagar: ange mellan 30 och 3 650 dagar.",
                "Nyligen utträdda: högst lika många dagar som tidigare medlemmar sparas (365).",
            ], errors.Select(e => e.Replace('\u00A0', ' ')).ToList());
            Assert.Equal("true", again.QuerySelector("#nya")!.GetAttribute("aria-invalid"));
            Assert.Equal("tre", again.QuerySelector("#aterkommande")!.GetAttribute("value"));
            Assert.False(await factory.WithDbAsync((db, _) => db.Set<MemberCareSettings>().AnyAsync(s => s.DistrictId == district)));
        }
        finally
        {
            await ForgetSettingsAsync(district);
        }
    }

    [Fact]
    public async Task Saved_rules_are_logged_and_the_queues_follow_them()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync("Vänsterpartiet Regeltest");
        await data.PersonAsync(unit, "Tio", "Regelsson", membership: m => m.StartedOn = Today.AddDays(-10));
        await data.PersonAsync(unit, "Två", "Regelsson", membership: m => m.StartedOn = Today.AddDays(-2));
        var district = await factory.DistrictIdAsync();
        var url = $"/enheter/{district}/medlemsvard/installningar";
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, before) = await client.GetPageAsync($"/enheter/{unit}/medlemsvard/nya");
        Assert.Equal(2, before.QuerySelectorAll(".care-person").Length);

        try
        {
            var (_, page) = await client.GetPageAsync(url);
            var saved = await client.SubmitAsync(page, "form.care-settings", page.FormValues("form.care-settings", ("nya", "7"), ("tidigare", "800")));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var (_, after) = await client.GetPageAsync(saved.Headers.Location!.OriginalString);
            Assert.Contains("Reglerna är sparade.", after.Text(".notice-success"));
            Assert.Equal("7", after.QuerySelector("#nya")!.GetAttribute("value"));

            var entry = (await factory.AuditEntriesAsync("Medlemsvård", district.ToString())).Last();
            Assert.Equal(AuditAction.Change, entry.Action);
            Assert.EndsWith("nya medlemmar, dagar 60 → 7, tidigare medlemmar sparas, dagar 730 → 800", entry.Summary);

            // The association follows its district's rules: joined ten days ago is no longer new.
            var (_, queue) = await client.GetPageAsync($"/enheter/{unit}/medlemsvard/nya");
            Assert.Equal(["Regelsson, Två"], queue.QuerySelectorAll(".care-name a").Select(a => a.TextContent.Trim()).ToList());
            Assert.Contains("de senaste 7 dagarna", queue.Text(".lead"));
        }
        finally
        {
            await ForgetSettingsAsync(district);
        }
    }

    [Fact]
    public async Task Only_a_district_has_rules_and_only_who_may_change_its_people_may_change_them()
    {
        var district = await factory.DistrictIdAsync();
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/enheter/{tierp}/medlemsvard/installningar")).StatusCode);

        // The chair of Tierp may change Tierp's people, not the district's rules; nor does the overview offer them.
        using var chair = new AppClient(factory);
        await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var refused = await chair.Http.GetAsync($"/enheter/{district}/medlemsvard/installningar");
        Assert.Contains("/atkomst-nekad", refused.Headers.Location!.OriginalString);
        var (_, overview) = await chair.GetPageAsync($"/enheter/{tierp}/medlemsvard");
        Assert.Null(overview.QuerySelector("a[href$='/medlemsvard/installningar']"));
        Assert.Contains("Vänsterpartiet Uppsala läns regler", overview.Text("section[aria-labelledby='rules-heading']"));
    }
}
