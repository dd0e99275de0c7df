using System.Net;
using Distrikt.Features.Assignments;
using Distrikt.Features.CallLists;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Erasure;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EraseTests(DistriktFactory factory)
{
    private static DateOnly Today => OwnDataTestData.Today;

    private Task<Dictionary<CallOutcome, int>> OutcomesAsync(Guid listId) => factory.WithDbAsync((db, _) =>
        db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.Outcome != null).GroupBy(e => e.Outcome!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count));

    private static async Task<HttpResponseMessage> ConfirmAsync(AppClient client, Guid personId) =>
        await client.SubmitAsync($"/personer/{personId}/radera", "main form[method=post]", Array.Empty<KeyValuePair<string, string>>());

    [Fact]
    public async Task Staff_deletes_a_member_the_call_list_still_adds_up_and_the_log_names_no_one()
    {
        await using var data = new OwnDataTestData(factory);
        var unit = await data.AssociationAsync();
        var id = await data.PersonAsync(unit, "Ingrid", "Raderasson", p => { p.Email = "ingrid.raderasson@prov.test"; p.Phone = "+46701740621"; });
        var neighbour = await data.PersonAsync(unit, "Kvar", "Grannsson");
        await data.TagAsync(id, "valarbetare");
        await data.CareStepAsync(id, unit, "Välkomnad");
        var list = await data.CallListAsync(unit, "Ringlista radering", (id, CallOutcome.Answered, "Ringde tillbaka"), (neighbour, CallOutcome.NoAnswer, null));
        var prospect = await data.ProspectAsync(unit, id, Today.AddDays(-20));
        var email = await data.AccountAsync(id);
        var before = await OutcomesAsync(list);

        // The member is signed in somewhere; the erasure must end that session.
        using var member = new AppClient(factory);
        await member.SignInWithLinkAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync("/mina-uppgifter")).StatusCode);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (response, page) = await staff.GetPageAsync($"/personer/{id}/radera");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.Text();
        Assert.Contains("tas bort helt", text);
        Assert.Contains("1 tagg", text);
        Assert.Contains("1 ringlista, med 1 anteckning", text);
        Assert.Contains("Utfallet av samtalen", page.Text("section[aria-labelledby='kept-heading']"));

        var done = await ConfirmAsync(staff, id);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await factory.WithDbAsync(async (db, _) =>
        {
            Assert.False(await db.Set<Person>().AnyAsync(p => p.Id == id));
            Assert.False(await db.Set<Membership>().AnyAsync(m => m.PersonId == id));
            Assert.False(await db.Set<PersonTag>().AnyAsync(t => t.PersonId == id));
            Assert.False(await db.Users.AnyAsync(u => u.Email == email));
            var entry = await db.Set<CallListEntry>().SingleAsync(e => e.CallListId == list && e.Outcome == CallOutcome.Answered);
            Assert.Null(entry.PersonId);
            Assert.Null(entry.Note);
            var p = await db.Set<Prospect>().SingleAsync(x => x.Id == prospect);
            Assert.Null(p.PersonId);
            Assert.Equal(Today, p.ErasedOn);
            Assert.True(await db.Set<Person>().AnyAsync(x => x.Id == neighbour));
        });
        Assert.Equal(before, await OutcomesAsync(list));

        var entries = await factory.AuditEntriesAsync("Person", id.ToString());
        var erased = Assert.Single(entries, e => e.Action == AuditAction.Delete);
        Assert.Equal("Maria Sandberg", erased.ActorName);
        Assert.StartsWith("Raderade en person", erased.Summary);
        Assert.DoesNotContain(entries.Concat(await factory.AuditEntriesAsync("Konto", null)), e => e.Summary.Contains("Ingrid") || e.Summary.Contains("Raderasson") || e.Summary.Contains("ingrid.raderasson"));

        // The member's open session ends with the account.
        var after = await member.Http.GetAsync("/mina-uppgifter");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/logga-in", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_former_office_holder_is_minimised_name_and_assignments_kept()
    {
        await using var data = new OwnDataTestData(factory);
        var unit = await data.AssociationAsync();
        var id = await data.PersonAsync(unit, "Gunnar", "Historiksson", p =>
        {
            p.Email = "gunnar@prov.test"; p.Phone = "+46701740622"; p.StreetAddress = "Åsgatan 1"; p.PostalCode = "75320"; p.City = "Uppsala";
            p.BirthDate = new DateOnly(1950, 1, 1); p.MemberNumber = "H" + Guid.NewGuid().ToString("N")[..8];
        });
        await data.TagAsync(id, "veteran");
        await data.CareStepAsync(id, unit, "Pratade länge");
        await data.Units.AssignAsync(id, unit, StandardAssignmentTypes.Chair, new DateOnly(2010, 1, 1), new DateOnly(2014, 12, 31));
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, page) = await staff.GetPageAsync($"/personer/{id}/radera");
        Assert.Contains("Namnet och 1 tidigare uppdrag", page.Text("section[aria-labelledby='kept-heading']"));
        Assert.Equal("Minimera personen", page.QuerySelector("main form button")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(staff, id)).StatusCode);
        await factory.WithDbAsync(async (db, _) =>
        {
            var p = await db.Set<Person>().AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.Equal(("Gunnar", "Historiksson"), (p.FirstName, p.LastName));
            Assert.Equal(Today, p.MinimisedOn);
            Assert.All(new object?[] { p.Email, p.Phone, p.StreetAddress, p.PostalCode, p.City, p.BirthDate, p.MemberNumber }, Assert.Null);
            Assert.False(await db.Set<Membership>().AnyAsync(m => m.PersonId == id));
            Assert.False(await db.Set<PersonTag>().AnyAsync(t => t.PersonId == id));
            Assert.False(await db.Set<Distrikt.Features.Care.CareStep>().AnyAsync(s => s.PersonId == id));
            Assert.Equal(1, await db.Set<Assignment>().CountAsync(a => a.PersonId == id));
        });
        var entry = Assert.Single(await factory.AuditEntriesAsync("Person", id.ToString()), e => e.Action == AuditAction.Delete);
        Assert.StartsWith("Minimerade en person", entry.Summary);
        Assert.DoesNotContain("Gunnar", entry.Summary);
        Assert.DoesNotContain("Historiksson", entry.Summary);
    }

    [Fact]
    public async Task A_person_with_a_current_assignment_is_not_erased()
    {
        await using var data = new OwnDataTestData(factory);
        var unit = await data.AssociationAsync();
        var id = await data.PersonAsync(unit, "Pågående", "Uppdragsson", p => p.Email = "pagaende@prov.test");
        await data.Units.AssignAsync(id, unit, StandardAssignmentTypes.Treasurer, Today.AddMonths(-2));
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, page) = await staff.GetPageAsync($"/personer/{id}/radera");
        Assert.Contains("kan inte raderas", page.Text());
        Assert.Contains("Avsluta uppdragen först", page.Text());
        Assert.Null(page.QuerySelector("button.button-danger"));

        // Posting anyway changes nothing.
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var posted = await staff.Http.PostAsync($"/personer/{id}/radera", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("kan inte raderas", (await AppClient.ParseAsync(posted)).Text());
        var person = await factory.WithDbAsync((db, _) => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("pagaende@prov.test", person.Email);
        Assert.Null(person.MinimisedOn);
        Assert.DoesNotContain(await factory.AuditEntriesAsync("Person", id.ToString()), e => e.Action == AuditAction.Delete);
    }

    [Fact]
    public async Task Only_district_staff_may_erase_and_never_by_changing_the_id()
    {
        await using var data = new OwnDataTestData(factory);
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var elsewhere = await data.AssociationAsync();
        var inTierp = await data.PersonAsync(tierp, "Tierpbo", "Skyddadsson");
        var inOther = await data.PersonAsync(elsewhere, "Annanbo", "Skyddadsson");

        // The Tierp chair may change Tierp's members, but erasing is the district's decision; another association's member is out of reach.
        using var chair = new AppClient(factory);
        await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        using var member = new AppClient(factory);
        await member.SignInAsDemoAsync(DemoSeeder.Member.Email);
        foreach (var (client, personId) in new[] { (chair, inTierp), (chair, inOther), (member, inOther) })
        {
            var get = await client.Http.GetAsync($"/personer/{personId}/radera");
            Assert.True(IsRefused(get), $"GET gav {(int)get.StatusCode}");
        }
        // Even with a valid antiforgery token from a page the chair may open, the post is refused.
        var (_, own) = await chair.GetPageAsync($"/personer/{inTierp}");
        Assert.Null(own.QuerySelector("a[href$='/radera']"));
        var token = own.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        foreach (var personId in new[] { inTierp, inOther })
        {
            var post = await chair.Http.PostAsync($"/personer/{personId}/radera", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.True(IsRefused(post), $"POST gav {(int)post.StatusCode}");
        }
        Assert.Equal(2, await factory.WithDbAsync((db, _) => db.Set<Person>().CountAsync(p => p.Id == inTierp || p.Id == inOther)));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, staffView) = await staff.GetPageAsync($"/personer/{inOther}");
        Assert.NotNull(staffView.QuerySelector($"a[href='/personer/{inOther}/radera']"));
        // An unknown id is refused like a person out of reach.
        Assert.True(IsRefused(await staff.Http.GetAsync($"/personer/{Guid.NewGuid()}/radera")));
    }

    [Fact]
    public async Task A_former_member_who_belongs_to_another_district_now_is_not_this_districts_to_erase()
    {
        await using var data = new OwnDataTestData(factory);
        var here = await data.AssociationAsync();
        var otherDistrict = await data.DistrictAsync(730, 365);
        var there = await data.AssociationAsync("Vänsterpartiet Annat län", otherDistrict);
        var moved = await data.PersonAsync(here, "Flyttad", "Annanlänsson", endedOn: Today.AddYears(-2));
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new Membership { PersonId = moved, UnitId = there, StartedOn = Today.AddYears(-1) });
            await db.SaveChangesAsync();
        });
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        Assert.True(IsRefused(await staff.Http.GetAsync($"/personer/{moved}/radera")));
        Assert.Equal(2, await factory.WithDbAsync((db, _) => db.Set<Membership>().CountAsync(m => m.PersonId == moved)));
    }

    [Fact]
    public async Task Erasing_a_caller_gives_their_share_of_a_list_back_to_everyone_on_it()
    {
        await using var data = new OwnDataTestData(factory);
        var unit = await data.AssociationAsync();
        var caller = await data.PersonAsync(unit, "Ringande", "Raderadsson");
        var called = await data.PersonAsync(unit, "Uppringd", "Kvarsson");
        var listId = await data.CallListAsync(unit, "Lista med raderad ringare", (called, null, null));
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new CallListCaller { CallListId = listId, PersonId = caller });
            await db.Set<CallListEntry>().Where(e => e.CallListId == listId).ExecuteUpdateAsync(s => s.SetProperty(e => e.CallerId, caller));
            await db.SaveChangesAsync();
        });
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(staff, caller)).StatusCode);
        var entry = await factory.WithDbAsync((db, _) => db.Set<CallListEntry>().AsNoTracking().SingleAsync(e => e.CallListId == listId));
        Assert.Null(entry.CallerId);
        Assert.Equal(called, entry.PersonId);
    }

    private static bool IsRefused(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/atkomst-nekad", StringComparison.Ordinal));
}
