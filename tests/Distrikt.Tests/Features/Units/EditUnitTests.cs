using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Units;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EditUnitTests(DistriktFactory factory)
{
    [Fact]
    public async Task Staff_renames_an_association_and_changes_its_municipalities()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(2);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Före"), null, codes[0]);
        var newName = CreatedData.Unique("Vänsterpartiet Efter");
        // The public start page lists the associations from the in-memory copy of the unit tree; read it first.
        using var visitor = new AppClient(factory);
        var (_, before) = await visitor.GetPageAsync("/");
        Assert.Contains(before.QuerySelectorAll("main li"), li => li.TextContent.Contains("Vänsterpartiet Före"));
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);

        var (_, form) = await client.GetPageAsync($"/enheter/{unitId}/redigera");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("Name", newName), ("Municipalities", null), ("OtherCodes", codes[1])));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stored = await factory.WithDbAsync((db, _) => db.Set<Unit>().AsNoTracking().Include(u => u.Municipalities).SingleAsync(u => u.Id == unitId));
        Assert.Equal(newName, stored.Name);
        Assert.Equal([codes[1]], stored.Municipalities.Select(m => m.MunicipalityCode));
        Assert.Equal(1, stored.Version);
        var change = Assert.Single(await factory.AuditEntriesAsync("Enhet", unitId.ToString()), e => e.Action == AuditAction.Change);
        Assert.Contains(newName, change.Summary);
        Assert.Contains(MunicipalityCoverage.Name(codes[1]), change.Summary);
        // The saved change clears that copy at once.
        var (_, after) = await visitor.GetPageAsync("/");
        Assert.Contains(after.QuerySelectorAll("main li"), li => li.TextContent == newName);
    }

    [Fact]
    public async Task A_unit_cannot_become_its_own_ancestor()
    {
        var districtId = await factory.DistrictIdAsync();
        var tierpId = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{districtId}/redigera");

        foreach (var parent in new[] { tierpId, districtId })
        {
            var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("ParentId", parent.ToString())));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await AppClient.ParseAsync(response);
            Assert.Contains("kan inte placeras under sig själv eller under en av sina egna underenheter", page.QuerySelector("#parent-error")!.TextContent);
            Assert.Equal("true", page.QuerySelector("#parent")!.GetAttribute("aria-invalid"));
        }
        var parentNow = await factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Id == districtId).Select(u => u.ParentId).SingleAsync());
        Assert.NotEqual(tierpId, parentNow);
    }

    [Fact]
    public async Task A_second_concurrent_edit_is_refused_and_the_current_values_are_shown()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Samtidig"), null, codes[0]);
        var first = CreatedData.Unique("Vänsterpartiet Först");
        var second = CreatedData.Unique("Vänsterpartiet Sist");
        using var alice = new AppClient(factory);
        using var bob = new AppClient(factory);
        await alice.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        await bob.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, aliceForm) = await alice.GetPageAsync($"/enheter/{unitId}/redigera");
        var (_, bobForm) = await bob.GetPageAsync($"/enheter/{unitId}/redigera");

        Assert.Equal(HttpStatusCode.Redirect, (await alice.SubmitAsync(aliceForm, "main form", aliceForm.FormValues("main form", ("Name", first)))).StatusCode);
        var refused = await bob.SubmitAsync(bobForm, "main form", bobForm.FormValues("main form", ("Name", second)));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await AppClient.ParseAsync(refused);
        Assert.Contains("Någon annan har ändrat föreningen medan du redigerade", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(first, page.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector("input[name=Version]")!.GetAttribute("value"));
        Assert.Contains(second, page.QuerySelector(".notice-warning")!.TextContent);
        Assert.Equal(first, await factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync()));

        // Saving again from the reloaded form works.
        var again = await bob.SubmitAsync(page, "main form", page.FormValues("main form", ("Name", second)));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(second, await factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync()));
    }

    [Fact]
    public async Task An_association_cannot_be_moved_to_a_district_outside_the_editors_assignments()
    {
        await using var data = new CreatedData(factory);
        var otherDistrict = await data.DistrictAsync(CreatedData.Unique("Vänsterpartiet Annat län"));
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Flytt"), null, codes[0]);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{unitId}/redigera");
        Assert.Null(form.QuerySelector($"#parent option[value='{otherDistrict}']"));

        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("ParentId", otherDistrict.ToString())));
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("ingår inte i dina uppdrag", page.QuerySelector("#parent-error")!.TextContent);
    }

    [Fact]
    public async Task Taking_a_municipality_from_another_association_is_refused()
    {
        await using var data = new CreatedData(factory);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitId = await data.AssociationAsync(CreatedData.Unique("Vänsterpartiet Girig"), null, codes[0]);
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/enheter/{unitId}/redigera");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("OtherCodes", "0380")));
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("Uppsala (0380) ingår redan i Vänsterpartiet Uppsala", page.QuerySelector("#other-codes-error")!.TextContent);
        Assert.Equal("0380", page.QuerySelector("#other-codes")!.GetAttribute("value"));
    }
}
