using System.Net;
using AngleSharp.Dom;
using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Features.Liaisons;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Web;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Features.Liaisons;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LiaisonTests(DistriktFactory factory)
{
    private static DateOnly Today => LiaisonTestData.Today;

    /// <summary>The overview's card of one association.</summary>
    private static IElement Card(IDocument page, string association) =>
        page.QuerySelectorAll(".liaison-list > li").Single(li => li.QuerySelector("h2")!.TextContent.Trim() == association);

    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");

    private Task<string> NameAsync(Guid unitId) => factory.WithDbAsync((db, _) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<Distrikt.Features.Units.Unit>().Where(u => u.Id == unitId).Select(u => u.Name)));

    [Fact]
    public async Task Staff_assign_a_board_member_as_liaison_change_the_rhythm_and_end_it()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var name = await NameAsync(association);
        var (_, boardMember) = await data.BoardMemberAsync("Tilldelad");

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, overview) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        Assert.Contains("Saknar fadder och kontaktperson", Text(Card(overview, name)));
        var response = await staff.SubmitAsync(overview, "form#tilldela",
            overview.FormValues("form#tilldela", ("PersonId", boardMember.ToString()), ("AssociationId", association.ToString()), ("RhythmDays", "30")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var liaison = Assert.Single(await data.LiaisonsAsync(association));
        Assert.Equal((boardMember, 30, Today, (DateOnly?)null), (liaison.PersonId, liaison.RhythmDays, liaison.StartsOn, liaison.EndsOn));
        var (_, after) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        var card = Text(Card(after, name));
        Assert.Contains("Tilldelad", card);
        Assert.Contains($"senast {SwedishFormat.Date(Today.AddDays(30))}", card);
        Assert.DoesNotContain("Saknar fadder", card);
        var created = Assert.Single(await factory.AuditEntriesAsync("Fadder", liaison.Id.ToString()));
        Assert.Equal(AuditAction.Create, created.Action);
        Assert.Contains(name, created.Summary);

        var manageUrl = $"/enheter/{district}/faddrar/{association}";
        var (_, manage) = await staff.GetPageAsync(manageUrl);
        var field = ManageModel.RhythmFieldOf(liaison.Id);
        var rhythmForm = $"form:has(#{field})";
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(manage, rhythmForm, manage.FormValues(rhythmForm, ("RhythmDays", "14")))).StatusCode);
        Assert.Equal(14, Assert.Single(await data.LiaisonsAsync(association)).RhythmDays);

        (_, manage) = await staff.GetPageAsync(manageUrl);
        var refused = await AppClient.ParseAsync(await staff.SubmitAsync(manage, rhythmForm, manage.FormValues(rhythmForm, ("RhythmDays", "400"))));
        Assert.Equal("Kontaktrytmen ska vara mellan 1 och 366 dagar.", refused.QuerySelector($"#{field}-error")!.TextContent);
        Assert.Equal(14, Assert.Single(await data.LiaisonsAsync(association)).RhythmDays);

        (_, manage) = await staff.GetPageAsync(manageUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(manage, "form.liaison-end", manage.FormValues("form.liaison-end"))).StatusCode);
        // Begun today and ended today: a mistake put right, so nothing is left of it.
        Assert.Empty(await data.LiaisonsAsync(association));
        var entries = await factory.AuditEntriesAsync("Fadder", liaison.Id.ToString());
        Assert.Equal([AuditAction.Create, AuditAction.Change, AuditAction.Change], entries.Select(e => e.Action));
        Assert.Contains("avslutad", entries[^1].Summary);
    }

    [Fact]
    public async Task Ending_a_liaison_that_began_earlier_keeps_it_as_history_ended_yesterday()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var (_, boardMember) = await data.BoardMemberAsync("Avslutad");
        var liaisonId = await data.LiaisonAsync(association, boardMember, 42, Today.AddDays(-100));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, manage) = await staff.GetPageAsync($"/enheter/{district}/faddrar/{association}");
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(manage, "form.liaison-end", manage.FormValues("form.liaison-end"))).StatusCode);
        var ended = Assert.Single(await data.LiaisonsAsync(association));
        Assert.Equal((liaisonId, (DateOnly?)Today.AddDays(-1)), (ended.Id, ended.EndsOn));
    }

    [Fact]
    public async Task Assigning_is_refused_with_a_message_for_someone_off_the_board_a_bad_rhythm_or_an_association_elsewhere()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var outsider = await data.Units.MemberAsync(association, "Utan", CreatedData.Unique("Styrelseplats"));
        var (_, boardMember) = await data.BoardMemberAsync("Rätt");
        var otherDistrict = await data.Units.DistrictAsync(CreatedData.Unique("Vänsterpartiet Annat län"));
        var elsewhere = await data.Units.AssociationAsync(CreatedData.Unique("Vänsterpartiet Annanstans"), otherDistrict);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, overview) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        var page = await AppClient.ParseAsync(await staff.SubmitAsync(overview, "form#tilldela",
            overview.FormValues("form#tilldela", ("PersonId", outsider.ToString()), ("AssociationId", association.ToString()), ("RhythmDays", "sex veckor"))));
        Assert.Contains("sitter inte i distriktsstyrelsen", page.QuerySelector($"#{LiaisonCommands.PersonField}-error")!.TextContent);
        Assert.Equal("Skriv kontaktrytmen som ett helt antal dagar, till exempel 42.", page.QuerySelector($"#{LiaisonCommands.RhythmField}-error")!.TextContent);
        Assert.Equal("sex veckor", page.QuerySelector($"#{LiaisonCommands.RhythmField}")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector(".error-summary"));

        page = await AppClient.ParseAsync(await staff.SubmitAsync(overview, "form#tilldela",
            overview.FormValues("form#tilldela", ("PersonId", boardMember.ToString()), ("AssociationId", elsewhere.ToString()), ("RhythmDays", "42"))));
        Assert.Equal("Föreningen finns inte i distriktet.", page.QuerySelector($"#{LiaisonCommands.AssociationField}-error")!.TextContent);
        Assert.Empty(await data.LiaisonsAsync(association));
        Assert.Empty(await data.LiaisonsAsync(elsewhere));

        // Twice for the same association is refused too.
        await data.LiaisonAsync(association, boardMember, 42, Today.AddDays(-5));
        page = await AppClient.ParseAsync(await staff.SubmitAsync(overview, "form#tilldela",
            overview.FormValues("form#tilldela", ("PersonId", boardMember.ToString()), ("AssociationId", association.ToString()), ("RhythmDays", "42"))));
        Assert.Contains("är redan fadder för", page.QuerySelector($"#{LiaisonCommands.PersonField}-error")!.TextContent);
        Assert.Single(await data.LiaisonsAsync(association));
    }

    [Fact]
    public void Overdue_counts_from_the_last_contact_or_else_the_start_and_the_due_day_itself_is_on_time()
    {
        var start = new DateOnly(2026, 1, 1);
        Assert.Equal(new DateOnly(2026, 2, 12), LiaisonRules.DueOn(null, start, 42));
        Assert.Equal(new DateOnly(2026, 3, 14), LiaisonRules.DueOn(new DateOnly(2026, 2, 1), start, 41));
        Assert.False(LiaisonRules.IsOverdue(new DateOnly(2026, 2, 12), new DateOnly(2026, 2, 12)));
        Assert.True(LiaisonRules.IsOverdue(new DateOnly(2026, 2, 12), new DateOnly(2026, 2, 13)));
        Assert.Equal("var 6:e vecka", LiaisonRules.Rhythm(42));
        Assert.Equal("var 10:e dag", LiaisonRules.Rhythm(10));
    }

    [Fact]
    public async Task The_overview_flags_overdue_contacts_and_lists_unattended_associations_first()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var (_, boardMember) = await data.BoardMemberAsync("Översikt");
        var neverContacted = await data.AssociationAsync();
        var contactedLongAgo = await data.AssociationAsync();
        var contactedRecently = await data.AssociationAsync();
        var dueToday = await data.AssociationAsync();
        await data.LiaisonAsync(neverContacted, boardMember, 42, Today.AddDays(-43));
        await data.LiaisonAsync(contactedLongAgo, boardMember, 42, Today.AddDays(-200));
        await data.ContactAsync(contactedLongAgo, boardMember, Today.AddDays(-50));
        await data.LiaisonAsync(contactedRecently, boardMember, 42, Today.AddDays(-200));
        await data.ContactAsync(contactedRecently, boardMember, Today.AddDays(-90));
        await data.ContactAsync(contactedRecently, boardMember, Today.AddDays(-10), ContactChannel.Meeting);
        await data.LiaisonAsync(dueToday, boardMember, 42, Today.AddDays(-42));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (response, page) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("försenad", Text(Card(page, await NameAsync(neverContacted))));
        Assert.Contains("försenad", Text(Card(page, await NameAsync(contactedLongAgo))));
        var recent = Text(Card(page, await NameAsync(contactedRecently)));
        Assert.DoesNotContain("försenad", recent);
        Assert.Contains($"{SwedishFormat.Date(Today.AddDays(-10))}, möte, Fadder Översikt", recent);
        Assert.Contains($"senast {SwedishFormat.Date(Today.AddDays(32))}", recent);
        Assert.DoesNotContain("försenad", Text(Card(page, await NameAsync(dueToday))));

        // Unattended associations (the demo's Älvkarleby) come first, then the overdue ones.
        var cards = page.QuerySelectorAll(".liaison-list > li").ToList();
        var firstAttended = cards.FindIndex(c => !c.TextContent.Contains("Saknar fadder och kontaktperson"));
        Assert.True(firstAttended > 0);
        Assert.All(cards.Skip(firstAttended), c => Assert.DoesNotContain("Saknar fadder och kontaktperson", c.TextContent));
        Assert.Contains("Vänsterpartiet Älvkarleby", cards.Take(firstAttended).Select(c => c.QuerySelector("h2")!.TextContent.Trim()));
        Assert.Contains("Kontakten är försenad", cards[firstAttended].TextContent);

        var view = (await factory.AuditEntriesAsync("Faddersystem", district.ToString())).Last();
        Assert.Equal(AuditAction.View, view.Action);
        Assert.Contains("föreningar, namn på", view.Summary);
    }

    [Fact]
    public async Task A_liaison_whose_board_seat_has_ended_no_longer_counts()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var name = await NameAsync(association);
        var (email, former) = await data.BoardMemberAsync("Avgången", starts: Today.AddYears(-1), ends: Today.AddDays(-1));
        await data.LiaisonAsync(association, former, 42, Today.AddDays(-100));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, page) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        var card = Text(Card(page, name));
        Assert.Contains("Saknar fadder och kontaktperson", card);
        Assert.Contains("Räknas inte", card);
        Assert.DoesNotContain("försenad", card);
        // Nor can the seat-less person be picked as a new liaison.
        Assert.Null(page.QuerySelector($"#{LiaisonCommands.PersonField} option[value='{former}']"));

        using var client = new AppClient(factory);
        await LiaisonTestData.SignInStronglyAsync(client, email);
        var (_, start) = await client.GetPageAsync("/");
        Assert.DoesNotContain("Dina föreningar", start.QuerySelector("main")!.TextContent);
        var log = await client.Http.GetAsync($"/enheter/{association}/fadderkontakter");
        Assert.True(IsForbidden(log), $"Kontaktloggen gav {(int)log.StatusCode} för en fadder utan styrelseplats.");
    }

    [Fact]
    public async Task A_liaison_sees_the_overdue_flag_on_the_start_page_logs_a_contact_and_the_flag_goes()
    {
        await using var data = new LiaisonTestData(factory);
        var association = await data.AssociationAsync();
        var name = await NameAsync(association);
        var (email, liaison) = await data.BoardMemberAsync("Loggar");
        await data.LiaisonAsync(association, liaison, 42, Today.AddDays(-60));

        using var client = new AppClient(factory);
        await LiaisonTestData.SignInStronglyAsync(client, email);
        var (_, start) = await client.GetPageAsync("/");
        var mine = start.QuerySelector("section[aria-labelledby='liaison-mine-heading']")!;
        var item = mine.QuerySelectorAll("li").Single(li => li.TextContent.Contains(name));
        Assert.Contains("Försenad", item.TextContent);
        var board = start.QuerySelector("section[aria-labelledby='liaison-board-heading']")!;
        Assert.NotNull(board.QuerySelector("a[href$='/faddrar']"));

        var logUrl = item.QuerySelector("a")!.GetAttribute("href")!.Split('#')[0];
        Assert.Equal($"/enheter/{association}/fadderkontakter", logUrl);
        var (_, log) = await client.GetPageAsync(logUrl);
        Assert.NotNull(log.QuerySelector(".liaison-overdue"));
        Assert.Equal(SwedishFormat.Date(Today), log.QuerySelector($"#{ContactsModel.DateField}")!.GetAttribute("value"));
        var response = await client.SubmitAsync(log, "form#logga", log.FormValues("form#logga", ("Channel", "Phone"), ("Note", "Pratade om höstens möten.")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var contact = Assert.Single(await data.ContactsAsync(association));
        Assert.Equal((Today, ContactChannel.Phone, "Pratade om höstens möten.", (Guid?)liaison), (contact.ContactedOn, contact.Channel, contact.Note, contact.LiaisonPersonId));
        (_, log) = await client.GetPageAsync(logUrl);
        Assert.Null(log.QuerySelector(".liaison-overdue"));
        Assert.Contains("Pratade om höstens möten.", log.QuerySelector(".contact-log")!.TextContent);
        (_, start) = await client.GetPageAsync("/");
        item = start.QuerySelector("section[aria-labelledby='liaison-mine-heading']")!.QuerySelectorAll("li").Single(li => li.TextContent.Contains(name));
        Assert.DoesNotContain("Försenad", item.TextContent);
        Assert.Contains($"nästa senast {SwedishFormat.Date(Today.AddDays(42))}", Text(item));

        var logged = Assert.Single(await factory.AuditEntriesAsync("Fadderkontakt", contact.Id.ToString()));
        Assert.Equal(AuditAction.Create, logged.Action);
        Assert.DoesNotContain("höstens", logged.Summary);
        var views = (await factory.AuditEntriesAsync("Fadderkontakt", association.ToString())).Where(e => e.Action == AuditAction.View).ToList();
        Assert.Equal(2, views.Count);
        Assert.Contains("kontaktuppgifter till", views[0].Summary);
    }

    [Fact]
    public async Task A_contact_in_the_future_before_2000_without_channel_or_with_too_long_a_note_is_refused_and_nothing_is_saved()
    {
        await using var data = new LiaisonTestData(factory);
        var association = await data.AssociationAsync();
        var (email, liaison) = await data.BoardMemberAsync("Felaktig");
        await data.LiaisonAsync(association, liaison, 42, Today.AddDays(-10));
        using var client = new AppClient(factory);
        await LiaisonTestData.SignInStronglyAsync(client, email);
        var url = $"/enheter/{association}/fadderkontakter";
        var (_, log) = await client.GetPageAsync(url);

        var page = await AppClient.ParseAsync(await client.SubmitAsync(log, "form#logga",
            log.FormValues("form#logga", ("ContactedOn", SwedishFormat.Date(Today.AddDays(1))), ("Note", "Ska ringa"))));
        Assert.StartsWith("Datumet kan inte vara i framtiden", page.QuerySelector($"#{ContactsModel.DateField}-error")!.TextContent);
        Assert.Equal("Välj hur kontakten togs.", page.QuerySelector($"#{ContactsModel.ChannelField}-error")!.TextContent);
        Assert.Equal("Ska ringa", page.QuerySelector($"#{ContactsModel.NoteField}")!.TextContent);

        page = await AppClient.ParseAsync(await client.SubmitAsync(log, "form#logga",
            log.FormValues("form#logga", ("ContactedOn", "1999-12-31"), ("Channel", "Email"))));
        Assert.Equal("Datumet kan inte vara före 2000-01-01.", page.QuerySelector($"#{ContactsModel.DateField}-error")!.TextContent);

        page = await AppClient.ParseAsync(await client.SubmitAsync(log, "form#logga",
            log.FormValues("form#logga", ("ContactedOn", "i går"), ("Channel", "Brevduva"), ("Note", new string('x', 4001)))));
        Assert.Equal("Skriv datum för kontakten som år-månad-dag, till exempel 2026-03-01.", page.QuerySelector($"#{ContactsModel.DateField}-error")!.TextContent);
        Assert.Equal("Välj hur kontakten togs.", page.QuerySelector($"#{ContactsModel.ChannelField}-error")!.TextContent);
        Assert.Contains("högst 4 000 tecken", page.QuerySelector($"#{ContactsModel.NoteField}-error")!.TextContent.Replace('\u00a0', ' '));
        Assert.Empty(await data.ContactsAsync(association));
    }

    [Fact]
    public async Task A_plain_member_and_an_association_chair_off_the_district_board_are_refused()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var (chairEmail, _) = await data.PersonWithAssignmentAsync(association, StandardAssignmentTypes.Chair, "Ordförande");
        var urls = new[] { $"/enheter/{district}/faddrar", $"/enheter/{association}/fadderkontakter", $"/enheter/{district}/faddrar/{association}" };

        using var member = new AppClient(factory);
        await member.SignInAsDemoAsync(DemoSeeder.Member.Email);
        using var chair = new AppClient(factory);
        await LiaisonTestData.SignInStronglyAsync(chair, chairEmail);
        foreach (var client in new[] { member, chair })
        {
            foreach (var url in urls)
            {
                var get = await client.Http.GetAsync(url);
                Assert.True(IsForbidden(get), $"GET {url} gav {(int)get.StatusCode}.");
            }
        }
        // Not even for their own association: the contact log is the district's, not the association's.
        var (_, ownStart) = await chair.GetPageAsync("/");
        Assert.Null(ownStart.QuerySelector("section[aria-labelledby='liaison-board-heading']"));
        Assert.Empty(await data.ContactsAsync(association));
    }

    [Fact]
    public async Task A_board_member_reads_any_contact_log_but_logs_only_for_their_own_associations_and_manages_nothing()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var own = await data.AssociationAsync();
        var other = await data.AssociationAsync();
        var (email, liaison) = await data.BoardMemberAsync("Egen");
        await data.LiaisonAsync(own, liaison, 42, Today.AddDays(-10));

        using var client = new AppClient(factory);
        await LiaisonTestData.SignInStronglyAsync(client, email);
        var (response, otherLog) = await client.GetPageAsync($"/enheter/{other}/fadderkontakter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(otherLog.QuerySelector("form#logga"));

        // Posting anyway, with a form taken from the association they do look after.
        var (_, ownLog) = await client.GetPageAsync($"/enheter/{own}/fadderkontakter");
        var values = ownLog.FormValues("form#logga", ("Channel", "Phone"));
        var posted = await client.Http.PostAsync($"/enheter/{other}/fadderkontakter", new FormUrlEncodedContent(values));
        Assert.True(IsForbidden(posted), $"POST gav {(int)posted.StatusCode}.");
        Assert.Empty(await data.ContactsAsync(other));

        var (_, overview) = await client.GetPageAsync($"/enheter/{district}/faddrar");
        Assert.Null(overview.QuerySelector("form#tilldela"));
        var assign = await client.Http.PostAsync($"/enheter/{district}/faddrar", new FormUrlEncodedContent(
            overview.FormValues("form.sign-out", ("PersonId", liaison.ToString()), ("AssociationId", other.ToString()), ("RhythmDays", "42"))));
        Assert.True(IsForbidden(assign), $"POST tilldela gav {(int)assign.StatusCode}.");
        Assert.True(IsForbidden(await client.Http.GetAsync($"/enheter/{district}/faddrar/{own}")));
        Assert.Empty(await data.LiaisonsAsync(other));
    }

    [Fact]
    public async Task A_board_member_signed_in_by_link_alone_is_asked_to_strengthen_the_sign_in()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var (email, _) = await data.BoardMemberAsync("Svag");
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(email);
        var response = await client.Http.GetAsync($"/enheter/{district}/faddrar");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/stark-inloggning", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_liaison_of_another_association_is_not_found_through_this_one()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var first = await data.AssociationAsync();
        var second = await data.AssociationAsync();
        var (_, boardMember) = await data.BoardMemberAsync("Korsad");
        var secondLiaison = await data.LiaisonAsync(second, boardMember, 42, Today.AddDays(-100));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, manage) = await staff.GetPageAsync($"/enheter/{district}/faddrar/{first}");
        var values = manage.FormValues("form#tilldela").Where(v => v.Key == "__RequestVerificationToken").ToList();
        values.Add(new("LiaisonId", secondLiaison.ToString()));
        var response = await staff.Http.PostAsync($"/enheter/{district}/faddrar/{first}?handler=End", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(Assert.Single(await data.LiaisonsAsync(second)).EndsOn);

        // An association of the district addressed through a unit that is not its district is not found either.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/enheter/{first}/faddrar/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/enheter/{first}/faddrar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync($"/enheter/{district}/fadderkontakter")).StatusCode);
    }

    [Fact]
    public async Task The_contact_person_is_chosen_among_the_associations_people_and_can_be_cleared()
    {
        await using var data = new LiaisonTestData(factory);
        var district = await data.DistrictIdAsync();
        var association = await data.AssociationAsync();
        var name = await NameAsync(association);
        var memberName = CreatedData.Unique("Kontaktsson");
        var member = await data.Units.MemberAsync(association, "Kim", memberName);
        var (_, treasurer) = await data.PersonWithAssignmentAsync(association, StandardAssignmentTypes.Treasurer, "Kassörsson");
        var stranger = await data.Units.MemberAsync(await factory.UnitIdAsync("Vänsterpartiet Uppsala"), "Främ", CreatedData.Unique("Lingsson"));

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var url = $"/enheter/{district}/faddrar/{association}";
        var (_, manage) = await staff.GetPageAsync(url);
        var field = LiaisonCommands.ContactPersonField;
        Assert.NotNull(manage.QuerySelector($"#{field} option[value='{treasurer}']"));
        Assert.Null(manage.QuerySelector($"#{field} option[value='{member}']"));
        var (_, found) = await staff.GetPageAsync(url + "?sok=" + Uri.EscapeDataString(memberName[..14]));
        Assert.NotNull(found.QuerySelector($"#{field} option[value='{member}']"));

        var form = $"form:has(#{field})";
        var refused = await AppClient.ParseAsync(await staff.SubmitAsync(found, form, found.FormValues(form, ("ContactPersonId", stranger.ToString()))));
        Assert.Contains("Välj någon i föreningen", refused.QuerySelector($"#{field}-error")!.TextContent);
        Assert.Null(await data.ContactPersonAsync(association));

        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(found, form, found.FormValues(form, ("ContactPersonId", member.ToString())))).StatusCode);
        Assert.Equal(member, (await data.ContactPersonAsync(association))!.PersonId);
        var (_, overview) = await staff.GetPageAsync($"/enheter/{district}/faddrar");
        var card = Text(Card(overview, name));
        Assert.Contains(memberName, card);
        Assert.DoesNotContain("Saknar fadder och kontaktperson", card);

        (_, manage) = await staff.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(manage, form, manage.FormValues(form, ("ContactPersonId", "")))).StatusCode);
        Assert.Null(await data.ContactPersonAsync(association));
        var entries = await factory.AuditEntriesAsync("Kontaktperson", association.ToString());
        Assert.Equal([AuditAction.Create, AuditAction.Delete], entries.Select(e => e.Action));
    }

    [Fact]
    public async Task The_demo_board_member_sees_their_associations_with_the_overdue_one_first()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.BoardMember.Email);
        var (_, page) = await client.GetPageAsync("/");
        var items = page.QuerySelectorAll("section[aria-labelledby='liaison-mine-heading'] li").ToList();
        Assert.Equal(3, items.Count);
        Assert.Contains("Vänsterpartiet Enköping", items[0].TextContent);
        Assert.Contains("Försenad", items[0].TextContent);
        Assert.All(items.Skip(1), i => Assert.DoesNotContain("Försenad", i.TextContent));
        var board = page.QuerySelector("section[aria-labelledby='liaison-board-heading']")!;
        Assert.Contains("försenad", board.TextContent);

        var district = await factory.DistrictIdAsync();
        var (response, overview) = await client.GetPageAsync($"/enheter/{district}/faddrar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saknar fadder och kontaktperson", Card(overview, "Vänsterpartiet Älvkarleby").TextContent);
        var knivsta = Text(Card(overview, "Vänsterpartiet Knivsta"));
        Assert.DoesNotContain("Saknar", knivsta);
        Assert.Contains("Fadder Ingen", knivsta);
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/atkomst-nekad", StringComparison.Ordinal));
}
