using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Units;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CreateUnitTests(DistriktFactory factory)
{
    [Fact]
    public async Task Staff_creates_an_association_with_municipalities()
    {
        await using var data = new CreatedData(factory);
        var districtId = await factory.DistrictIdAsync();
        var codes = await data.FreeMunicipalitiesAsync(2);
        var name = CreatedData.Unique("Vänsterpartiet Nybygget");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);

        var (_, form) = await client.GetPageAsync($"/enheter/{districtId}/ny");
        Assert.Equal("Ny partiförening", form.QuerySelector("h1")!.TextContent);
        // The district's own county is offered as checkboxes; Tierp is taken, and says by whom.
        var tierpBox = form.QuerySelector("input[name=Municipalities][value='0360']")!;
        Assert.True(tierpBox.HasAttribute("disabled"));
        Assert.Contains("Vänsterpartiet Tierp", tierpBox.ParentElement!.TextContent);

        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form",
            ("Name", name), ("Municipalities", codes[0]), ("OtherCodes", codes[1])));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var unitId = await data.UnitNamedAsync(name);
        Assert.Equal($"/enheter/{unitId}", response.Headers.Location!.OriginalString);

        var (_, details) = await client.GetPageAsync(response.Headers.Location.OriginalString);
        Assert.Contains($"Partiföreningen {name} är skapad.", details.Text());
        var facts = details.QuerySelector("dl.facts")!.TextContent;
        Assert.Contains("Partiförening", facts);
        Assert.Contains(DemoSeeder.DistrictName, facts);
        Assert.Contains(MunicipalityCoverage.Name(codes[0]), facts);
        Assert.Contains(MunicipalityCoverage.Name(codes[1]), facts);

        var stored = await factory.WithDbAsync((db, _) => db.Set<UnitMunicipality>().Where(m => m.UnitId == unitId).Select(m => m.MunicipalityCode).ToListAsync());
        Assert.Equal(codes.Order(), stored.Order());
        var created = Assert.Single(await factory.AuditEntriesAsync("Enhet", unitId.ToString()), e => e.Action == AuditAction.Create);
        Assert.Contains(name, created.Summary);
        Assert.Equal("Maria Sandberg", created.ActorName);
    }

    [Fact]
    public async Task A_municipality_another_association_covers_is_refused_with_its_name()
    {
        var districtId = await factory.DistrictIdAsync();
        var name = CreatedData.Unique("Vänsterpartiet Dubblett");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{districtId}/ny");

        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("Name", name), ("Municipalities", "0360"), ("OtherCodes", "0380")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        // Each message sits on the field the municipality came from: ticked, or typed as a code.
        Assert.Contains("Tierp (0360) ingår redan i Vänsterpartiet Tierp", page.QuerySelector("#municipalities-error")!.TextContent);
        Assert.Contains("Uppsala (0380) ingår redan i Vänsterpartiet Uppsala", page.QuerySelector("#other-codes-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#other-codes")!.GetAttribute("aria-invalid"));
        Assert.Contains("Tierp (0360) ingår redan i Vänsterpartiet Tierp", page.QuerySelector(".error-summary")!.TextContent);
        // Nothing is lost: the name the user wrote is still in the field.
        Assert.Equal(name, page.QuerySelector("#name")!.GetAttribute("value"));
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Unit>().AnyAsync(u => u.Name == name)));
    }

    [Fact]
    public async Task Unknown_codes_and_a_missing_name_get_a_message_on_their_field()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{await factory.DistrictIdAsync()}/ny");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("Name", "  "), ("OtherCodes", "9999")));
        var page = await AppClient.ParseAsync(response);
        Assert.Equal("true", page.QuerySelector("#name")!.GetAttribute("aria-invalid"));
        Assert.Contains("name-error", page.QuerySelector("#name")!.GetAttribute("aria-describedby"));
        Assert.Contains("Kommunkoden 9999 finns inte", page.QuerySelector("#other-codes-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#other-codes")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task The_chair_of_an_association_may_not_create_units()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var (response, _) = await client.GetPageAsync($"/enheter/{await factory.DistrictIdAsync()}/ny");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
