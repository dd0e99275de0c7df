using System.Net;
using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Assignments;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AssignmentTypeTests(DistriktFactory factory)
{
    [Fact]
    public async Task Every_member_can_read_the_types_and_what_they_grant_but_not_change_them()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var (response, page) = await client.GetPageAsync("/uppdragstyper");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("tbody tr").ToList();
        var ombudsman = rows.Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Ombudsman");
        Assert.Contains("Redigera uppdragstyper", ombudsman.TextContent);
        Assert.Contains("Bara distrikt", ombudsman.TextContent);
        Assert.Contains("Inga särskilda behörigheter", rows.Single(r => r.QuerySelector("th")!.TextContent.Trim().StartsWith("Ledamot", StringComparison.Ordinal)).TextContent);
        var names = rows.Select(r => r.QuerySelector("th a")!.TextContent).ToList();
        Assert.Equal(names.Order(Distrikt.Infrastructure.Database.SwedishCollation.Comparer), names);
        Assert.Empty(page.QuerySelectorAll("a[href='/uppdragstyper/ny']"));

        var chairId = await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Key == "ordforande").Select(t => t.Id).SingleAsync());
        var (_, details) = await client.GetPageAsync($"/uppdragstyper/{chairId}");
        Assert.Contains("Kallar till styrelsemöten", details.QuerySelector(".markdown li")!.TextContent);
        var (forbidden, _) = await client.GetPageAsync($"/uppdragstyper/{chairId}/redigera");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var (forbiddenNew, _) = await client.GetPageAsync("/uppdragstyper/ny");
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenNew.StatusCode);
    }

    [Fact]
    public async Task An_arbetsordning_with_script_is_rendered_harmless()
    {
        await using var data = new CreatedData(factory);
        var name = CreatedData.Unique("Valstugeansvarig");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync("/uppdragstyper/ny");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form",
            ("Form.Name", name),
            ("Form.Description", "Ansvarar för **valstugan**.\n\n<script>alert('x')</script>\n\n[Klicka](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"),
            ("Form.Permissions", "ViewPeople"),
            ("Form.UnitKind", "Association"),
            ("Form.IsBoardSeat", "true")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var typeId = await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Name == name).Select(t => t.Id).SingleAsync());
        data.Type(typeId);

        var (_, page) = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        var markdown = page.QuerySelector(".markdown")!;
        Assert.Equal("valstugan", markdown.QuerySelector("strong")!.TextContent);
        Assert.Empty(markdown.QuerySelectorAll("script, img, [onerror]"));
        Assert.DoesNotContain(markdown.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<script>", markdown.TextContent); // shown as text, never run
        Assert.Contains("Se personer och medlemskap", page.QuerySelector("dl.facts")!.TextContent);
        Assert.Contains("Bara partiföreningar", page.QuerySelector("dl.facts")!.TextContent);

        var created = Assert.Single(await factory.AuditEntriesAsync("Uppdragstyp", typeId.ToString()), e => e.Action == AuditAction.Create);
        Assert.Contains("Se personer och medlemskap", created.Summary);
    }

    [Fact]
    public async Task A_name_already_taken_is_refused_in_any_case()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync("/uppdragstyper/ny");
        var response = await client.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.Name", "ordförande"), ("Form.Description", "Min text")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("Det finns redan en uppdragstyp som heter Ordförande", page.QuerySelector("#name-error")!.TextContent);
        Assert.Equal("Min text", page.QuerySelector("#description")!.TextContent);
    }

    [Fact]
    public async Task Editing_a_type_changes_what_its_holders_may_do()
    {
        await using var data = new CreatedData(factory);
        var typeName = CreatedData.Unique("Strukturansvarig");
        var typeId = await data.AssignmentTypeAsync(typeName);
        var codes = await data.FreeMunicipalitiesAsync(1);
        var unitName = CreatedData.Unique("Vänsterpartiet Struktur");
        var unitId = await data.AssociationAsync(unitName, null, codes[0]);
        var email = await factory.PersonWithAccountAsync(unitName, null);
        await factory.WithDbAsync(async (db, _) =>
        {
            var person = await db.Set<Distrikt.Features.People.Person>().SingleAsync(p => p.Email == email);
            db.Add(new Assignment { PersonId = person.Id, UnitId = unitId, AssignmentTypeId = typeId, StartsOn = UnitTestExtensions.Today.AddDays(-1) });
            await db.SaveChangesAsync();
        });
        using var holder = new AppClient(factory);
        await holder.SignInWithLinkAsync(email);
        var (before, _) = await holder.GetPageAsync($"/enheter/{unitId}/redigera");
        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await staff.GetPageAsync($"/uppdragstyper/{typeId}/redigera");
        var response = await staff.SubmitAsync(form, "main form", form.FormValues("main form", ("Form.Permissions", "ManageUnits")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (after, page) = await holder.GetPageAsync($"/enheter/{unitId}/redigera");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(unitName, page.QuerySelector("#name")!.GetAttribute("value"));
        var (_, list) = await holder.GetPageAsync("/uppdragstyper");
        Assert.Contains("Hantera föreningar och enheter", list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(typeName)).TextContent);

        var change = Assert.Single(await factory.AuditEntriesAsync("Uppdragstyp", typeId.ToString()), e => e.Action == AuditAction.Change);
        Assert.Contains("ger nu: Hantera föreningar och enheter", change.Summary);
        Assert.Equal(Permission.ManageUnits, await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Id == typeId).Select(t => t.Permissions).SingleAsync()));
    }

    [Fact]
    public async Task A_second_concurrent_edit_of_a_type_is_refused()
    {
        await using var data = new CreatedData(factory);
        var typeId = await data.AssignmentTypeAsync(CreatedData.Unique("Samtidigansvarig"), description: "Första texten");
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, first) = await client.GetPageAsync($"/uppdragstyper/{typeId}/redigera");
        var (_, second) = await client.GetPageAsync($"/uppdragstyper/{typeId}/redigera");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(first, "main form", first.FormValues("main form", ("Form.Description", "Andra texten")))).StatusCode);

        var response = await client.SubmitAsync(second, "main form", second.FormValues("main form", ("Form.Description", "Tredje texten")));
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("Någon annan har ändrat uppdragstypen medan du redigerade", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Andra texten", page.QuerySelector("#description")!.TextContent);
        Assert.Contains("Tredje texten", page.QuerySelector(".unsaved-text")!.TextContent);
        Assert.Equal("Andra texten", await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Id == typeId).Select(t => t.Description).SingleAsync()));
    }

    [Fact]
    public async Task The_last_right_to_edit_types_cannot_be_taken_away()
    {
        var ombudsmanId = await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Key == "ombudsman").Select(t => t.Id).SingleAsync());
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, form) = await client.GetPageAsync($"/uppdragstyper/{ombudsmanId}/redigera");
        var values = form.FormValues("main form");
        values.RemoveAll(v => v.Key == "Form.Permissions" && v.Value == nameof(Permission.ManageAssignmentTypes));
        var response = await client.SubmitAsync(form, "main form", values);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("annars kan ingen ändra uppdragstyperna längre", page.QuerySelector("#permissions-error")!.TextContent);
        var permissions = await factory.WithDbAsync((db, _) => db.Set<AssignmentType>().Where(t => t.Id == ombudsmanId).Select(t => t.Permissions).SingleAsync());
        Assert.True(permissions.HasFlag(Permission.ManageAssignmentTypes));
    }
}
