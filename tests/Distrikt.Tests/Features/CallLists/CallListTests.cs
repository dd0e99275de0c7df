using System.Net;
using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.Demo;
using Distrikt.Features.Recruitment;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.CallLists;

/// <summary>Making call lists from each source, who may make and call them, and what a call records.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CallListTests(DistriktFactory factory)
{
    private static DateOnly Today => CallListTestData.Today;

    private static bool IsForbidden(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/atkomst-nekad"));

    private async Task<AppClient> StaffAsync()
    {
        var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        return staff;
    }

    [Fact]
    public async Task A_list_from_the_new_members_queue_leaves_out_who_may_not_be_called_and_splits_the_rest_in_Swedish_order()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var zorn = await data.NewMemberAsync(unit, "Zara", "Zorn");
        var aberg = await data.NewMemberAsync(unit, "Åsa", "Åberg");
        var ost = await data.NewMemberAsync(unit, "Örjan", "Öst");
        var adam = await data.NewMemberAsync(unit, "Adam", "Andersson");
        await data.NewMemberAsync(unit, "Nej", "Nejsson", doNotContactSince: Today.AddDays(-1));
        await data.NewMemberAsync(unit, "Utan", "Telefonsson", phone: null);
        await data.Members.PersonAsync(unit, "Gammal", "Gammalsson", p => p.Phone = "+46701740651", m => m.StartedOn = Today.AddYears(-3));
        var (_, first) = await data.CallerAsync(unitName, "Första");
        var (_, second) = await data.CallerAsync(unitName, "Andra");

        using var staff = await StaffAsync();
        var url = $"/enheter/{unit}/ringlistor/ny?ko=nya";
        var (response, page) = await staff.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = page.QuerySelector(".call-preview")!.TextContent;
        Assert.Contains("4 personer", page.QuerySelector(".call-preview-count")!.TextContent);
        Assert.Contains("1 har bett att inte bli kontaktade", preview);
        Assert.Contains("1 saknar telefonnummer", preview);

        // Without a name: a Swedish message naming the field, and nothing made.
        var refused = await staff.SubmitAsync(page, "main form[method=post]", [new("Name", " ")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Skriv ett namn på listan", (await AppClient.ParseAsync(refused)).QuerySelector("#name-error")!.TextContent);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<CallList>().AnyAsync(l => l.UnitId == unit)));

        var created = await staff.SubmitAsync(page, "main form[method=post]",
            [new("Name", "Välkomstsamtal"), new("Purpose", "Hälsa välkommen"), new("CallerIds", second.ToString()), new("CallerIds", first.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await factory.WithDbAsync((db, _) => db.Set<CallList>().AsNoTracking().Include(l => l.Callers).SingleAsync(l => l.UnitId == unit));
        Assert.Equal(CareQueue.New, list.SourceQueue);
        Assert.Equal(2, list.Callers.Count);
        var entries = await data.EntriesAsync(list.Id);
        Assert.Equal([adam, zorn, aberg, ost], entries.Select(e => e.PersonId!.Value));
        // Dealt in turn, callers in name order (Andra before Första), so each has two.
        Assert.Equal([second, first, second, first], entries.Select(e => e.CallerId!.Value));
        var audit = await factory.AuditEntriesAsync("Ringlista", list.Id.ToString());
        Assert.Contains(audit, e => e.Summary.Contains("4 personer, 2 utelämnade, 2 ringare"));

        // The owner's page shows the list, and the view is logged.
        var (_, details) = await staff.GetPageAsync($"/enheter/{unit}/ringlistor/{list.Id}");
        Assert.Equal(4, details.QuerySelectorAll("table.call-entries tbody tr").Length);
        Assert.Contains(await factory.AuditEntriesAsync("Ringlista", list.Id.ToString()), e => e.Summary.StartsWith("Visade ringlistan"));
    }

    [Fact]
    public async Task Lists_are_made_from_the_member_list_filter_and_from_the_to_recruit_queue()
    {
        await using var data = new CallListTestData(factory);
        var (unit, _) = await data.AssociationAsync();
        var current = await data.Members.PersonAsync(unit, "Nu", "Nuvarande", p => p.Phone = "+46701740652");
        await data.Members.PersonAsync(unit, "Förr", "Förredetta", p => p.Phone = "+46701740653", m => m.EndedOn = Today.AddDays(-30));
        var unpaid = await data.Members.PersonAsync(unit, "Obetald", "Obetaldsson", p => p.Phone = "+46701740654", m => m.FeePaidThrough = Today.AddDays(-5));
        using var staff = await StaffAsync();

        // The member list's link carries its filter.
        var (_, members) = await staff.GetPageAsync($"/enheter/{unit}/medlemmar?avgift=obetald");
        var link = members.QuerySelectorAll("a").First(a => a.TextContent.Trim() == "Gör ringlista").GetAttribute("href")!;
        Assert.Contains("avgift=obetald", link);
        var (_, page) = await staff.GetPageAsync(link);
        Assert.Contains("1 person", page.QuerySelector(".call-preview-count")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, "main form[method=post]", [new("Name", "Avgiften")])).StatusCode);
        var byFilter = await factory.WithDbAsync((db, _) => db.Set<CallList>().AsNoTracking().SingleAsync(l => l.UnitId == unit));
        Assert.Null(byFilter.SourceQueue);
        Assert.Contains("avgift obetald", byFilter.Source);
        Assert.Equal([unpaid], (await data.EntriesAsync(byFilter.Id)).Select(e => e.PersonId!.Value));
        // Without callers the entries are open to whoever is added later.
        Assert.All(await data.EntriesAsync(byFilter.Id), e => Assert.Null(e.CallerId));

        // The recruitment queue: contacts who have not joined and are not erased.
        var (open, joined) = await factory.WithDbAsync(async (db, _) =>
        {
            var a = new Distrikt.Features.People.Person { FirstName = "Ny", LastName = "Kontakt", Phone = "+46701740655" };
            var b = new Distrikt.Features.People.Person { FirstName = "Redan", LastName = "Medlem", Phone = "+46701740656" };
            db.AddRange(a, b);
            db.Add(new Prospect { Person = a, UnitId = unit, ConsentText = "ok", ConsentGivenOn = Today });
            db.Add(new Prospect { Person = b, UnitId = unit, ConsentText = "ok", ConsentGivenOn = Today, JoinedOn = Today });
            db.Add(new Prospect { PersonId = null, UnitId = unit, ConsentText = "ok", ConsentGivenOn = Today, ErasedOn = Today });
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        try
        {
            var (_, recruit) = await staff.GetPageAsync($"/enheter/{unit}/ringlistor/ny?rekrytering=1");
            Assert.Contains("1 person", recruit.QuerySelector(".call-preview-count")!.TextContent);
            Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(recruit, "main form[method=post]", [new("Name", "Rekrytering")])).StatusCode);
            var byRecruitment = await factory.WithDbAsync((db, _) => db.Set<CallList>().AsNoTracking().SingleAsync(l => l.UnitId == unit && l.Name == "Rekrytering"));
            Assert.Equal([open], (await data.EntriesAsync(byRecruitment.Id)).Select(e => e.PersonId!.Value));
        }
        finally
        {
            await factory.WithDbAsync(async (db, _) =>
            {
                await db.Set<CallList>().Where(l => l.UnitId == unit).ExecuteDeleteAsync();
                await db.Set<Prospect>().Where(p => p.UnitId == unit).ExecuteDeleteAsync();
                await db.Set<Distrikt.Features.People.Person>().Where(p => p.Id == open || p.Id == joined).ExecuteDeleteAsync();
            });
        }
        Assert.NotEqual(current, Guid.Empty);
    }

    [Fact]
    public async Task A_chair_cannot_make_or_open_lists_of_another_association()
    {
        await using var data = new CallListTestData(factory);
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var chair = new AppClient(factory);
        await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);

        Assert.True(IsForbidden(await chair.Http.GetAsync($"/enheter/{uppsala}/ringlistor/ny?ko=nya")));
        Assert.True(IsForbidden(await chair.Http.GetAsync($"/enheter/{uppsala}/ringlistor")));
        // Uppsala named in the filter of Tierp's form is dropped: the list holds Tierp's people only.
        var (response, page) = await chair.GetPageAsync($"/enheter/{tierp}/ringlistor/ny?forening={uppsala}&status=alla");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await chair.SubmitAsync(page, "main form[method=post]", [new("Name", "Tierplista")])).StatusCode);
        var listId = await factory.WithDbAsync((db, _) => db.Set<CallList>().Where(l => l.UnitId == tierp && l.Name == "Tierplista").Select(l => l.Id).SingleAsync());
        try
        {
            var outside = await factory.WithDbAsync((db, _) => db.Set<CallListEntry>().Where(e => e.CallListId == listId)
                .CountAsync(e => !db.Set<Distrikt.Features.People.Membership>().Any(m => m.PersonId == e.PersonId && m.UnitId == tierp)));
            Assert.Equal(0, outside);

            // Uppsala's list, by its id under Tierp's address: not found; under Uppsala's: refused.
            var uppsalaList = await data.ListAsync(uppsala, [], []);
            try
            {
                Assert.Equal(HttpStatusCode.NotFound, (await chair.Http.GetAsync($"/enheter/{tierp}/ringlistor/{uppsalaList}")).StatusCode);
                Assert.True(IsForbidden(await chair.Http.GetAsync($"/enheter/{uppsala}/ringlistor/{uppsalaList}")));
                Assert.Equal(HttpStatusCode.NotFound, (await chair.Http.GetAsync($"/enheter/{tierp}/ringlistor/{uppsalaList}?handler=Csv")).StatusCode);
            }
            finally
            {
                await factory.WithDbAsync((db, _) => db.Set<CallList>().Where(l => l.Id == uppsalaList).ExecuteDeleteAsync());
            }
        }
        finally
        {
            await factory.WithDbAsync((db, _) => db.Set<CallList>().Where(l => l.Id == listId).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Only_a_strongly_signed_in_caller_on_an_open_list_is_shown_anyone()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var person = await data.NewMemberAsync(unit, "Ringd", "Ringdsson");
        var (caller, callerId) = await data.CallerAsync(unitName, "Ringare");
        var (outsider, _) = await data.CallerAsync(unitName, "Utanför");
        var (weak, weakId) = await data.CallerAsync(unitName, "Svag", strong: false);
        var listId = await data.ListAsync(unit, [person], [callerId, weakId]);
        var ring = $"/ringlistor/{listId}/ring";

        using var member = new AppClient(factory);
        await member.SignInAsDemoAsync(DemoSeeder.Member.Email);
        Assert.True(IsForbidden(await member.Http.GetAsync(ring)));
        Assert.True(IsForbidden(await outsider.Http.GetAsync(ring)));
        var weakResponse = await weak.Http.GetAsync(ring);
        Assert.Equal(HttpStatusCode.Redirect, weakResponse.StatusCode);
        Assert.StartsWith("/konto/stark-inloggning", weakResponse.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await caller.Http.GetAsync($"/ringlistor/{Guid.NewGuid()}/ring")).StatusCode);

        var (_, page) = await caller.GetPageAsync(ring);
        Assert.Equal("Ringd Ringdsson", page.PersonName());
        Assert.Equal("tel:+46701740650", page.QuerySelector("a.call-phone")!.GetAttribute("href"));
        var (_, mine) = await caller.GetPageAsync("/ringlistor");
        Assert.NotNull(mine.QuerySelector($"a[href='{ring}']"));

        // The caller whose assignment ends no longer calls, even while still on the list.
        await factory.WithDbAsync((db, _) => db.Set<Distrikt.Features.Assignments.Assignment>().Where(a => a.PersonId == callerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndsOn, Today.AddDays(-1))));
        Assert.True(IsForbidden(await caller.Http.GetAsync(ring)));
    }

    [Fact]
    public async Task An_entry_of_another_list_is_refused()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var mine = await data.NewMemberAsync(unit, "Min", "Minsson");
        var theirs = await data.NewMemberAsync(unit, "Annan", "Annansson");
        var (caller, callerId) = await data.CallerAsync(unitName, "Ringare");
        var (_, otherCaller) = await data.CallerAsync(unitName, "Annan");
        var listA = await data.ListAsync(unit, [mine], [callerId]);
        var listB = await data.ListAsync(unit, [theirs], [otherCaller]);
        var foreign = (await data.EntriesAsync(listB)).Single();

        var (_, page) = await caller.GetPageAsync($"/ringlistor/{listA}/ring");
        var forged = await caller.PostCallAsync(page, listA, null, ("EntryId", foreign.Id.ToString()), ("Outcome", "svarade"));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        var skip = await caller.PostCallAsync(page, listA, "Skip", ("EntryId", foreign.Id.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, skip.StatusCode);
        // On list B itself the caller is not a caller at all.
        Assert.True(IsForbidden(await caller.PostCallAsync(page, listB, null, ("EntryId", foreign.Id.ToString()), ("Outcome", "svarade"))));
        var after = (await data.EntriesAsync(listB)).Single();
        Assert.Null(after.Outcome);
        Assert.Equal(foreign.Version, after.Version);
    }

    [Fact]
    public async Task Parallel_callers_are_never_shown_the_same_person()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var people = new List<Guid>();
        for (var i = 0; i < 6; i++) people.Add(await data.NewMemberAsync(unit, $"Person{i}", "Parallellsson"));
        var callers = new List<(AppClient Client, Guid Id)>();
        for (var i = 0; i < 4; i++) callers.Add(await data.CallerAsync(unitName, $"Ringare{i}"));
        // No shares: every caller races for the same first entries.
        var listId = await data.ListAsync(unit, people, callers.Select(c => c.Id).ToList(), dealTo: []);

        var shown = await Task.WhenAll(callers.Select(async c => (await c.Client.GetPageAsync($"/ringlistor/{listId}/ring")).Page.EntryId()));
        Assert.All(shown, s => Assert.NotNull(s));
        Assert.Equal(shown.Length, shown.Distinct().Count());
        var reserved = await data.EntriesAsync(listId);
        Assert.Equal(4, reserved.Count(e => e.ReservedById is not null));
        Assert.Equal(4, reserved.Where(e => e.ReservedById is not null).Select(e => e.ReservedById).Distinct().Count());

        // Many more claims at once, straight against the database: each entry goes to exactly one claimant.
        var claimants = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid()).ToList();
        var now = DateTimeOffset.UtcNow;
        var claims = await Task.WhenAll(claimants.Select(c => factory.WithDbAsync((db, _) => CallListRules.TakeNextAsync(db, listId, c, now, default))));
        var taken = claims.OfType<Guid>().ToList();
        Assert.Equal(2, taken.Count);
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Assert.DoesNotContain(taken, t => shown.Contains(t));
    }

    [Fact]
    public async Task Recording_outcomes_respects_do_not_contact_counts_care_steps_and_retries_no_answer()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var anna = await data.NewMemberAsync(unit, "Anna", "Andersson");
        var bo = await data.NewMemberAsync(unit, "Bo", "Bengtsson");
        var cilla = await data.NewMemberAsync(unit, "Cilla", "Carlsson");
        var (caller, callerId) = await data.CallerAsync(unitName, "Ringare");
        var (other, otherId) = await data.CallerAsync(unitName, "Annan");
        var listId = await data.ListAsync(unit, [anna, bo, cilla], [callerId], l => l.SourceQueue = CareQueue.New);
        // Bo is on another open list too.
        var second = await data.ListAsync(unit, [bo, cilla], [otherId]);
        var ring = $"/ringlistor/{listId}/ring";

        // Anna answers: a care step for the queue the list came from.
        var (_, page) = await caller.GetPageAsync(ring);
        Assert.Equal("Anna Andersson", page.PersonName());
        Assert.Equal(HttpStatusCode.Redirect, (await caller.PostCallAsync(page, listId, null, ("Outcome", "svarade"), ("Note", "=HYPERLINK(\"x\")"))).StatusCode);
        var step = await factory.WithDbAsync((db, _) => db.Set<CareStep>().AsNoTracking().SingleAsync(s => s.PersonId == anna));
        Assert.Equal((CareQueue.New, Today, callerId), (step.Queue, step.DoneOn, step.DoneById!.Value));

        // "Wants to engage" without saying in what: refused with the field named, nothing written.
        (_, page) = await caller.GetPageAsync(ring);
        Assert.Equal("Bo Bengtsson", page.PersonName());
        var refused = await caller.PostCallAsync(page, listId, null, ("Outcome", "engagera"), ("EngageIn", ""));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await AppClient.ParseAsync(refused);
        Assert.Contains("Skriv vad personen vill engagera sig i", refusedPage.QuerySelector("#engage-in-error")!.TextContent);
        Assert.Null((await data.EntriesAsync(listId)).Single(e => e.PersonId == bo).Outcome);

        // Bo does not want to be contacted: kept on the person, and the other open list skips him.
        Assert.Equal(HttpStatusCode.Redirect, (await caller.PostCallAsync(refusedPage, listId, null, ("Outcome", "vill-inte"))).StatusCode);
        Assert.Equal(Today, (await data.PersonAsync(bo)).DoNotContactSince);
        var (_, otherPage) = await other.GetPageAsync($"/ringlistor/{second}/ring");
        Assert.Equal("Cilla Carlsson", otherPage.PersonName());
        Assert.Equal(HttpStatusCode.Redirect, (await other.PostCallAsync(otherPage, second, "Skip")).StatusCode);

        // Cilla does not answer: she comes back, three tries in all, then the list is done.
        for (var attempt = 1; attempt <= CallListRules.MaxAttempts; attempt++)
        {
            (_, page) = await caller.GetPageAsync(ring);
            Assert.Equal("Cilla Carlsson", page.PersonName());
            if (attempt > 1) Assert.Contains("Inget svar", page.QuerySelector(".call-earlier")!.TextContent);
            Assert.Equal(HttpStatusCode.Redirect, (await caller.PostCallAsync(page, listId, null, ("Outcome", "inget-svar"))).StatusCode);
        }
        (_, page) = await caller.GetPageAsync(ring);
        Assert.Null(page.PersonName());
        Assert.Equal(CallListRules.MaxAttempts, (await data.EntriesAsync(listId)).Single(e => e.PersonId == cilla).Attempts);

        // Every person shown and every outcome is in the audit log, without the note.
        var shown = await factory.AuditEntriesAsync("Person", bo.ToString());
        Assert.Contains(shown, e => e.Action == Distrikt.Infrastructure.Audit.AuditAction.View && e.Summary.StartsWith("Visades för ringaren"));
        Assert.Contains(shown, e => e.Action == Distrikt.Infrastructure.Audit.AuditAction.Change && e.Summary.Contains("Vill inte bli kontaktad"));
        Assert.DoesNotContain(await factory.AuditEntriesAsync("Person", anna.ToString()), e => e.Summary.Contains("HYPERLINK"));

        // A new list leaves Bo out, and says so.
        using var staff = await StaffAsync();
        var (_, preview) = await staff.GetPageAsync($"/enheter/{unit}/ringlistor/ny");
        Assert.Contains("1 har bett att inte bli kontaktade", preview.QuerySelector(".call-preview")!.TextContent);

        // The export: every entry, the formula-like note neutralised, and logged.
        var csv = await staff.Http.GetAsync($"/enheter/{unit}/ringlistor/{listId}?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var rows = MemberListPage.ParseCsv((await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => r[0] == "Andersson" && r[4] == "Svarade" && r[6] == "'=HYPERLINK(\"x\")");
        Assert.Contains(await factory.AuditEntriesAsync("Ringlista", listId.ToString()), e => e.Action == Distrikt.Infrastructure.Audit.AuditAction.Export && e.Summary.EndsWith("3 personer"));
    }

    [Fact]
    public async Task The_owner_moves_shares_removes_callers_and_closes_the_list()
    {
        await using var data = new CallListTestData(factory);
        var (unit, unitName) = await data.AssociationAsync();
        var people = new List<Guid>();
        for (var i = 0; i < 4; i++) people.Add(await data.NewMemberAsync(unit, $"P{i}", "Fördelsson"));
        var (caller, callerId) = await data.CallerAsync(unitName, "Första");
        var (_, otherId) = await data.CallerAsync(unitName, "Andra");
        var listId = await data.ListAsync(unit, people, [callerId, otherId]);
        // An erased person's entry counts but is never served.
        await factory.WithDbAsync((db, _) => db.Set<CallListEntry>().Where(e => e.CallListId == listId && e.PersonId == people[2]).ExecuteUpdateAsync(s => s.SetProperty(e => e.PersonId, (Guid?)null)));
        using var staff = await StaffAsync();
        var details = $"/enheter/{unit}/ringlistor/{listId}";

        // "Fördela om": the other caller's remaining share moves to the first caller.
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(details, $"form:has(input[name=personId][value='{otherId}']):has(button:contains('Fördela om'))",
            ("personId", otherId.ToString()))).StatusCode);
        Assert.All(await data.EntriesAsync(listId), e => Assert.Equal(callerId, e.CallerId));

        var served = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            var (_, page) = await caller.GetPageAsync($"/ringlistor/{listId}/ring");
            served.Add(page.PersonName());
            if (page.PersonName() is null) break;
            await caller.PostCallAsync(page, listId, null, ("Outcome", "svarade"));
        }
        Assert.Equal(["P0 Fördelsson", "P1 Fördelsson", "P3 Fördelsson", null], served);
        var (_, owner) = await staff.GetPageAsync(details);
        Assert.Contains("4 av 4 klara", owner.QuerySelector(".call-progress-text")!.TextContent.Replace('\u00a0', ' '));

        // Removing a caller, then closing: the caller is refused with a plain message.
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(details, $"form:has(input[name=personId][value='{otherId}']):has(button.link-button)",
            ("personId", otherId.ToString()))).StatusCode);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<CallListCaller>().AnyAsync(c => c.CallListId == listId && c.PersonId == otherId)));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(details, "form:has(button:contains('Stäng listan'))")).StatusCode);
        var (_, closed) = await caller.GetPageAsync($"/ringlistor/{listId}/ring");
        Assert.Contains("Listan är stängd", closed.QuerySelector("main")!.TextContent);
        Assert.Null(closed.PersonName());
    }
}
