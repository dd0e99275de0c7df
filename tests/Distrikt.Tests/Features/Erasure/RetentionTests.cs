using System.Net;
using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Features.Erasure;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Distrikt.Tests.Features.Erasure;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RetentionTests(DistriktFactory factory)
{
    private static DateOnly Today => OwnDataTestData.Today;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record Cast(Guid District, Guid Unit, Guid Gone, Guid Minimised, Guid RecentlyLeft, Guid OfficeHolder, Guid Member,
        Guid StaleContact, Guid StaleProspect, Guid FreshContact, Guid FreshProspect, Guid JoinedContact, Guid JoinedProspect);

    /// <summary>
    /// A district of its own keeping former members 100 days and contacts 30: one of each case the rule must tell apart.
    /// </summary>
    private static async Task<Cast> ArrangeAsync(OwnDataTestData data)
    {
        var district = await data.DistrictAsync(formerMemberDays: 100, prospectDays: 30);
        var unit = await data.AssociationAsync("Vänsterpartiet Gallring", district);
        var gone = await data.PersonAsync(unit, "Borta", "Länge", p => p.Email = "borta@prov.test", endedOn: Today.AddDays(-101));
        await data.TagAsync(gone, "gammal");
        var minimised = await data.PersonAsync(unit, "Fd", "Kassör", p => p.Phone = "+46701740631", endedOn: Today.AddDays(-200));
        await data.Units.AssignAsync(minimised, unit, StandardAssignmentTypes.Treasurer, Today.AddYears(-3), Today.AddDays(-150));
        var recent = await data.PersonAsync(unit, "Nyss", "Slutat", endedOn: Today.AddDays(-100));
        var officeHolder = await data.PersonAsync(unit, "Har", "Uppdrag", endedOn: Today.AddDays(-300));
        await data.Units.AssignAsync(officeHolder, unit, StandardAssignmentTypes.Secretary, Today.AddYears(-1));
        var member = await data.PersonAsync(unit, "Är", "Medlem");
        var staleContact = await data.PersonAsync(null, "Gammal", "Kontakt", p => p.Phone = "+46701740632");
        var staleProspect = await data.ProspectAsync(unit, staleContact, Today.AddDays(-31));
        var freshContact = await data.PersonAsync(null, "Ny", "Kontakt");
        var freshProspect = await data.ProspectAsync(unit, freshContact, Today.AddDays(-30));
        // Became a member without the import noticing: the member stays, only the consent goes.
        var joinedContact = await data.PersonAsync(unit, "Blev", "Medlem");
        var joinedProspect = await data.ProspectAsync(unit, joinedContact, Today.AddDays(-90));
        return new Cast(district, unit, gone, minimised, recent, officeHolder, member, staleContact, staleProspect, freshContact, freshProspect, joinedContact, joinedProspect);
    }

    private async Task AssertAppliedAsync(Cast c)
    {
        await factory.WithDbAsync(async (db, _) =>
        {
            var left = await db.Set<Person>().AsNoTracking()
                .Where(p => new[] { c.Gone, c.Minimised, c.RecentlyLeft, c.OfficeHolder, c.Member, c.StaleContact, c.FreshContact, c.JoinedContact }.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id);
            Assert.False(left.ContainsKey(c.Gone));
            Assert.False(left.ContainsKey(c.StaleContact));
            Assert.Equal(Today, left[c.Minimised].MinimisedOn);
            Assert.Null(left[c.Minimised].Phone);
            Assert.Equal("Kassör", left[c.Minimised].LastName);
            Assert.Equal(1, await db.Set<Assignment>().CountAsync(a => a.PersonId == c.Minimised));
            foreach (var kept in new[] { c.RecentlyLeft, c.OfficeHolder, c.Member, c.FreshContact, c.JoinedContact })
                Assert.Null(left[kept].MinimisedOn);
            var prospects = await db.Set<Prospect>().AsNoTracking().Where(p => new[] { c.StaleProspect, c.FreshProspect, c.JoinedProspect }.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
            Assert.Equal((Today, (Guid?)null), (prospects[c.StaleProspect].ErasedOn!.Value, prospects[c.StaleProspect].PersonId));
            Assert.Equal((Today, (Guid?)null), (prospects[c.JoinedProspect].ErasedOn!.Value, prospects[c.JoinedProspect].PersonId));
            Assert.Null(prospects[c.FreshProspect].ErasedOn);
        });
    }

    [Fact]
    public async Task The_rule_erases_former_members_and_stale_contacts_minimises_office_holders_and_counts_what_it_did()
    {
        await using var data = new OwnDataTestData(factory);
        var c = await ArrangeAsync(data);

        var preview = await factory.WithDbAsync((db, _) => RetentionRule.PreviewAsync(db, c.District, Today, default));
        Assert.Equal(new RetentionCounts(1, 1, 2), preview);
        // Two days earlier the member who left 101 days ago and the contact of 31 days still had time.
        var earlier = await factory.WithDbAsync((db, _) => RetentionRule.PreviewAsync(db, c.District, Today.AddDays(-2), default));
        Assert.Equal(new RetentionCounts(0, 1, 1), earlier);

        var run = await factory.WithDbAsync((db, sp) => RetentionRule.RunAsync(db, sp.GetRequiredService<AuditLog>(), new AuditActor(null, "test", null),
            c.District, Today, DateTimeOffset.UtcNow, "test", default));
        Assert.Equal((1, 1, 2), (run.Erased, run.Minimised, run.ProspectsErased));
        await AssertAppliedAsync(c);

        var again = await factory.WithDbAsync((db, _) => RetentionRule.PreviewAsync(db, c.District, Today, default));
        Assert.Equal(new RetentionCounts(0, 0, 0), again);
        var audit = Assert.Single(await factory.AuditEntriesAsync("Gallring", c.District.ToString()));
        Assert.Contains("1 tidigare medlemmar raderade, 1 minimerade, 2 rekryteringskontakter", audit.Summary);
        Assert.DoesNotContain("Borta", audit.Summary);
    }

    [Fact]
    public async Task The_daily_job_runs_each_district_once_a_day_by_its_clock()
    {
        await using var data = new OwnDataTestData(factory);
        var c = await ArrangeAsync(data);
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var blockers = new List<Guid>();
        // Every other district has just run, so the job works in the test's district only and the demo district is left alone.
        async Task OthersJustRanAsync() => blockers.AddRange(await factory.WithDbAsync(async (db, _) =>
        {
            var ids = await db.Set<Unit>().Where(u => u.Kind == UnitKind.District && u.Id != c.District).Select(u => u.Id).ToListAsync();
            var runs = ids.Select(id => new RetentionRun { DistrictId = id, RanAt = clock.Now.AddHours(-1), StartedBy = "test" }).ToList();
            db.AddRange(runs);
            await db.SaveChangesAsync();
            return runs.Select(r => r.Id).ToList();
        }));
        try
        {
            var job = new RetentionJob(factory.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<RetentionJob>.Instance,
                factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), factory.Services.GetRequiredService<DistriktOptions>());
            await OthersJustRanAsync();
            var first = Assert.Single(await job.RunDueAsync(default));
            Assert.Equal((c.District, 1, 1, 2, RetentionRule.Scheduled), (first.DistrictId, first.Erased, first.Minimised, first.ProspectsErased, first.StartedBy));
            await AssertAppliedAsync(c);

            clock.Now = clock.Now.AddHours(23);
            await OthersJustRanAsync();
            Assert.Empty(await job.RunDueAsync(default));
            clock.Now = clock.Now.AddHours(2);
            await OthersJustRanAsync();
            // A day later the member who left 100 days ago and the contact of 30 days have run out of time too.
            var next = Assert.Single(await job.RunDueAsync(default));
            Assert.Equal((c.District, 1, 0, 1), (next.DistrictId, next.Erased, next.Minimised, next.ProspectsErased));
        }
        finally
        {
            await factory.WithDbAsync((db, _) => db.Set<RetentionRun>().Where(r => blockers.Contains(r.Id)).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task The_page_shows_the_rule_what_is_due_and_the_runs_and_runs_it_now()
    {
        await using var data = new OwnDataTestData(factory);
        var c = await ArrangeAsync(data);
        var districtName = await factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Id == c.District).Select(u => u.Name).SingleAsync());
        var email = await factory.PersonWithAccountAsync(districtName, StandardAssignmentTypes.Ombudsman, firstName: "Gallrings", lastName: "Ombudsmansson");
        try
        {
            using var staff = new AppClient(factory);
            await staff.SignInWithLinkAsync(email);
            var (response, page) = await staff.GetPageAsync($"/enheter/{c.District}/gallring");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rule = page.Text("section[aria-labelledby='rule-heading']");
            Assert.Contains("100 dagar", rule);
            Assert.Contains("30 dagar", rule);
            Assert.NotNull(page.QuerySelector($"a[href='/enheter/{c.District}/medlemsvard/installningar']"));
            Assert.Equal(["1", "1", "2"], page.QuerySelectorAll(".retention-due .stat-value").Select(e => e.TextContent).ToList());
            Assert.Contains("inte körts", page.Text("section[aria-labelledby='history-heading']"));

            var ran = await staff.SubmitAsync(page, "section[aria-labelledby='due-heading'] form", Array.Empty<KeyValuePair<string, string>>());
            Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
            var (_, after) = await staff.GetPageAsync($"/enheter/{c.District}/gallring");
            Assert.Contains("1 tidigare medlemmar raderade, 1 minimerade och 2 rekryteringskontakter", after.Text(".notice-success"));
            Assert.Equal(["0", "0", "0"], after.QuerySelectorAll(".retention-due .stat-value").Select(e => e.TextContent).ToList());
            var row = after.QuerySelector(".retention-runs tbody tr")!.TextContent;
            Assert.Contains("Gallrings Ombudsmansson", row);
            await AssertAppliedAsync(c);
        }
        finally
        {
            await factory.WithDbAsync(async (db, _) =>
            {
                var personId = await db.Users.Where(u => u.Email == email).Select(u => u.PersonId).SingleAsync();
                await db.Users.Where(u => u.Email == email).ExecuteDeleteAsync();
                await db.Set<Person>().Where(p => p.Id == personId).ExecuteDeleteAsync();
            });
        }
    }

    [Fact]
    public async Task Only_district_staff_reach_the_page()
    {
        var district = await factory.DistrictIdAsync();
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (ok, page) = await staff.GetPageAsync($"/enheter/{district}/gallring");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("730 dagar", page.Text());
        // An association has no retention rule of its own.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/enheter/{tierp}/gallring")).StatusCode);

        using var chair = new AppClient(factory);
        await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        Assert.True(IsRefused(await chair.Http.GetAsync($"/enheter/{district}/gallring")));
        var token = (await chair.GetPageAsync("/mina-uppgifter")).Page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        Assert.True(IsRefused(await chair.Http.PostAsync($"/enheter/{district}/gallring", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
        // The Tierp chair may change Tierp's members, but Tierp is no district and has no rule of its own.
        Assert.Equal(HttpStatusCode.NotFound, (await chair.Http.GetAsync($"/enheter/{tierp}/gallring")).StatusCode);
    }

    private static bool IsRefused(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/atkomst-nekad", StringComparison.Ordinal));
}
