using System.Net;
using System.Text;
using Distrikt.Features.Demo;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Recruitment;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RecruitmentTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    private static string Unique(string prefix) => $"{prefix}.{Guid.NewGuid():N}@kontakt.test";

    private static KeyValuePair<string, string>[] Fields(string first, string last, string? email = null, string? phone = null, string? postal = null,
        bool consent = true, params (string Key, string Value)[] more)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.FirstName", first), new("Form.LastName", last), new("Form.Email", email ?? ""), new("Form.Phone", phone ?? ""),
            new("Form.PostalCode", postal ?? ""),
        };
        if (consent) fields.Add(new("Form.Consent", "true"));
        fields.AddRange(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)));
        return [.. fields];
    }

    private Task<Prospect?> ProspectByEmailAsync(string email) => factory.WithDbAsync((db, _) =>
        db.Set<Prospect>().AsNoTracking().Include(p => p.Person).FirstOrDefaultAsync(p => p.Person!.Email == email));

    private Task RemoveAsync(params string[] emails) => factory.WithDbAsync(async (db, _) =>
    {
        var people = await db.Set<Person>().Where(p => emails.Contains(p.Email)).Select(p => p.Id).ToListAsync();
        await db.Set<Prospect>().Where(p => p.PersonId != null && people.Contains(p.PersonId.Value)).ExecuteDeleteAsync();
        await db.Set<Person>().Where(p => people.Contains(p.Id)).ExecuteDeleteAsync();
    });

    [Fact]
    public async Task Someone_signs_up_on_the_public_form_and_lands_in_the_queue_of_the_association_for_their_postal_code()
    {
        var email = Unique("tove");
        using var visitor = new AppClient(factory);
        var (_, form) = await visitor.GetPageAsync("/bli-kontaktad");
        Assert.Contains("kontaktar mig om medlemskap", form.QuerySelector("form")!.TextContent);

        var sent = await visitor.SubmitAsync(form, "main form", Fields("Tove", "Lindahl", email, "070-123 45 67", "753 20",
            more: ("Form.Interest", "Valarbete")));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var (_, thanks) = await visitor.GetPageAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains("Tack", thanks.QuerySelector("h1")!.TextContent);

        var prospect = await ProspectByEmailAsync(email);
        Assert.NotNull(prospect);
        Assert.Equal(await factory.UnitIdAsync("Vänsterpartiet Uppsala"), prospect.UnitId);
        Assert.Equal(ProspectSource.InterestForm, prospect.Source);
        Assert.Equal(Today, prospect.ConsentGivenOn);
        Assert.Contains("kontaktar mig om medlemskap", prospect.ConsentText);
        Assert.Equal("+46701234567", prospect.Person!.Phone);
        Assert.Equal("0380", prospect.Person.MunicipalityCode);
        Assert.True(await factory.WithDbAsync((db, _) => db.Set<PersonTag>().AnyAsync(t => t.PersonId == prospect.PersonId && t.Name == "Valarbete")));

        // Signing up again renews the consent; it does not make a second contact.
        await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Tove", "Lindahl", email));
        Assert.Equal(1, await factory.WithDbAsync((db, _) => db.Set<Person>().CountAsync(p => p.Email == email)));
        await RemoveAsync(email);
    }

    [Fact]
    public async Task The_public_form_refuses_without_consent_contact_or_with_a_formula_and_names_the_field()
    {
        using var visitor = new AppClient(factory);
        var email = Unique("utan");
        var noConsent = await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Utan", "Samtycke", email, consent: false));
        Assert.Equal(HttpStatusCode.OK, noConsent.StatusCode);
        var page = await AppClient.ParseAsync(noConsent);
        Assert.Contains("Utan ditt samtycke sparar vi ingenting", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Utan", page.QuerySelector("#FirstName")!.GetAttribute("value"));

        var noContact = await AppClient.ParseAsync(await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Utan", "Kontakt")));
        Assert.Contains("telefonnummer eller en e-postadress", noContact.QuerySelector(".error-summary")!.TextContent);

        var hostile = await AppClient.ParseAsync(await visitor.SubmitAsync("/bli-kontaktad", "main form",
            Fields("=HYPERLINK(\"http://x\")", "Berg", Unique("formel"), postal: "12")));
        var summary = hostile.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("förnamn kan inte börja med =", summary);
        Assert.Contains("Postnumret ska vara fem siffror", summary);
        Assert.Equal("true", hostile.QuerySelector("#FirstName")!.GetAttribute("aria-invalid"));

        Assert.Null(await ProspectByEmailAsync(email));
    }

    [Fact]
    public async Task The_form_reveals_nothing_about_members_and_a_robot_filling_the_trap_stores_nothing()
    {
        using var visitor = new AppClient(factory);
        var memberEmail = await factory.WithDbAsync((db, _) => db.Set<Person>().Where(p => p.Email != null && p.MemberNumber != null && p.Memberships.Any(m => m.EndedOn == null))
            .Select(p => p.Email!).FirstAsync());
        var known = await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Någon", "Annan", memberEmail));
        Assert.Equal("/bli-kontaktad?tack=True", known.Headers.Location!.OriginalString);
        Assert.False(await factory.WithDbAsync((db, _) => db.Set<Prospect>().AnyAsync(p => p.Person!.Email == memberEmail)));

        var robotEmail = Unique("robot");
        var robot = await visitor.SubmitAsync("/bli-kontaktad", "main form", [.. Fields("Robot", "Robotsson", robotEmail), new("webbplats", "http://spam.test")]);
        Assert.Equal("/bli-kontaktad?tack=True", robot.Headers.Location!.OriginalString);
        Assert.Null(await ProspectByEmailAsync(robotEmail));
    }

    [Fact]
    public async Task Someone_typing_a_known_contacts_e_mail_under_another_name_changes_nothing_of_theirs()
    {
        var email = Unique("ronja");
        using var visitor = new AppClient(factory);
        await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Ronja", "Sundqvist", email, postal: "753 20"));
        var consented = Today.AddDays(-10);
        await factory.WithDbAsync((db, _) => db.Set<Prospect>().Where(p => p.Person!.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConsentGivenOn, consented)));

        using var stranger = new AppClient(factory);
        var sent = await stranger.SubmitAsync("/bli-kontaktad", "main form", Fields("Någon", "Annan", email, "070-999 88 77"));
        Assert.Equal("/bli-kontaktad?tack=True", sent.Headers.Location!.OriginalString);
        var prospect = (await ProspectByEmailAsync(email))!;
        Assert.Equal(consented, prospect.ConsentGivenOn);
        Assert.Null(prospect.Person!.Phone);
        Assert.Equal("Ronja", prospect.Person.FirstName);

        // The same person signing up again renews the consent.
        await stranger.SubmitAsync("/bli-kontaktad", "main form", Fields("Ronja", "Sundqvist", email));
        Assert.Equal(Today, (await ProspectByEmailAsync(email))!.ConsentGivenOn);
        await RemoveAsync(email);
    }

    [Fact]
    public async Task A_board_member_records_contacts_at_a_stall_and_staff_see_them_in_the_queue_while_a_plain_member_is_refused()
    {
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var knivsta = await factory.UnitIdAsync("Vänsterpartiet Knivsta");
        var email = Unique("hamid");
        using (var board = new AppClient(factory))
        {
            // A district board member without the right to see people: may record, may not see the queue.
            await board.SignInAsDemoAsync(DemoSeeder.BoardMember.Email);
            var recorded = await board.SubmitAsync($"/enheter/{uppsala}/rekrytering/ny", "main form",
                Fields("Hamid", "Rostami", email, "0701234568", "741 31", more: [("Form.Source", "Stall"), ("Form.SourceNote", "Bokbord Stora torget"), ("Form.ConsentGivenOn", Today.ToString("yyyy-MM-dd"))]));
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
            var (_, next) = await board.GetPageAsync(recorded.Headers.Location!.OriginalString);
            Assert.Contains("Sparad", next.QuerySelector("[role=status]")!.TextContent);
            Assert.Equal("Bokbord Stora torget", next.QuerySelector("#SourceNote")!.GetAttribute("value"));
            var queue = await board.Http.GetAsync($"/enheter/{uppsala}/rekrytering");
            Assert.NotEqual(HttpStatusCode.OK, queue.StatusCode);
        }
        // 741 31 is Knivsta: the contact met at Uppsala's stall goes to Knivsta's queue.
        var prospect = await ProspectByEmailAsync(email);
        Assert.Equal(knivsta, prospect!.UnitId);
        Assert.Equal(ProspectSource.Stall, prospect.Source);

        using (var member = new AppClient(factory))
        {
            await member.SignInAsDemoAsync(DemoSeeder.Member.Email);
            var refused = await member.Http.GetAsync($"/enheter/{uppsala}/rekrytering/ny");
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);
            if (refused.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/atkomst-nekad", refused.Headers.Location!.OriginalString);
        }

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, knivstaQueue) = await staff.GetPageAsync($"/enheter/{knivsta}/rekrytering");
        Assert.Contains(knivstaQueue.QuerySelectorAll(".prospect-list h3"), h => h.TextContent == "Hamid Rostami");
        Assert.Contains("tel:+46701234568", knivstaQueue.QuerySelector(".prospect-list")!.InnerHtml);
        var entry = (await factory.AuditEntriesAsync("Rekryteringskö", knivsta.ToString())).Last();
        Assert.Equal(AuditAction.View, entry.Action);
        Assert.DoesNotContain("Hamid", entry.Summary);
        await RemoveAsync(email);
    }

    [Fact]
    public async Task Staff_move_and_erase_contacts_but_a_chair_cannot_touch_another_associations_contact_by_a_forged_id()
    {
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Tierp");
        var email = Unique("signe");
        using var visitor = new AppClient(factory);
        await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Signe", "Wallgren", email, postal: "753 20"));
        var prospect = (await ProspectByEmailAsync(email))!;

        using (var chair = new AppClient(factory))
        {
            await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
            var (_, tierpQueue) = await chair.GetPageAsync($"/enheter/{tierp}/rekrytering");
            var forged = await chair.SubmitAsync(tierpQueue, "form[action*='Erase']", [new("prospectId", prospect.Id.ToString())]);
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
        Assert.Null((await ProspectByEmailAsync(email))!.ErasedOn);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (_, queue) = await staff.GetPageAsync($"/enheter/{uppsala}/rekrytering");
        var moved = await staff.SubmitAsync(queue, "form[action*='Move']", [new("prospectId", prospect.Id.ToString()), new("toUnitId", tierp.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(tierp, (await ProspectByEmailAsync(email))!.UnitId);

        var (_, tierpPage) = await staff.GetPageAsync($"/enheter/{tierp}/rekrytering");
        var erased = await staff.SubmitAsync(tierpPage, "form[action*='Erase']", [new("prospectId", prospect.Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        await factory.WithDbAsync(async (db, _) =>
        {
            Assert.False(await db.Set<Person>().AnyAsync(p => p.Email == email));
            var kept = await db.Set<Prospect>().SingleAsync(p => p.Id == prospect.Id);
            Assert.Null(kept.PersonId);
            Assert.Equal(Today, kept.ErasedOn);
        });
        var entry = (await factory.AuditEntriesAsync("Rekryteringskontakt", prospect.Id.ToString())).Last();
        Assert.Equal(AuditAction.Delete, entry.Action);
        Assert.DoesNotContain("Signe", entry.Summary);
        await factory.WithDbAsync((db, _) => db.Set<Prospect>().Where(p => p.Id == prospect.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task A_contact_who_appears_in_a_register_import_is_marked_as_joined_and_folded_into_the_member()
    {
        var email = Unique("pontus");
        using var visitor = new AppClient(factory);
        await visitor.SubmitAsync("/bli-kontaktad", "main form", Fields("Pontus", "Ek", email, postal: "753 20", more: ("Form.Interest", "Studiecirklar och utbildning")));
        var prospect = (await ProspectByEmailAsync(email))!;
        var contactPersonId = prospect.PersonId!.Value;

        // The district's export as the register has it, plus Pontus, who has joined since.
        var header = "Medlemsnummer;Förnamn;Efternamn;E-post;Mobil;Postnummer;Kommunkod;Inträdesdatum;Betald t.o.m.";
        var lines = await factory.WithDbAsync(async (db, _) => (await db.Set<Membership>().AsNoTracking()
                .Where(MembershipQueries.CurrentOn(Today)).Where(m => m.Person!.MemberNumber != null)
                .Select(m => new { m.Person!.MemberNumber, m.Person.FirstName, m.Person.LastName, m.Person.Email, m.Person.Phone, m.Person.PostalCode, m.Person.MunicipalityCode, m.StartedOn, m.FeePaidThrough })
                .ToListAsync())
            .Select(m => string.Join(';', m.MemberNumber, m.FirstName, m.LastName, m.Email, m.Phone, m.PostalCode, m.MunicipalityCode, m.StartedOn.ToString("yyyy-MM-dd"), m.FeePaidThrough?.ToString("yyyy-MM-dd")))
            .ToList());
        var number = "97" + Random.Shared.Next(10000, 99999);
        lines.Add($"{number};Pontus;Ek;{email};;753 20;;{Today:yyyy-MM-dd};");
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Prepend(header)) + "\r\n");

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var districtId = await factory.DistrictIdAsync();
        var (_, upload) = await staff.GetPageAsync($"/enheter/{districtId}/medlemsimport");
        var uploaded = await staff.UploadAsync(upload, "main form[enctype]", "file", "medlemmar.csv", file);
        var (_, preview) = await staff.GetPageAsync(uploaded.Headers.Location!.OriginalString);
        var applied = await staff.SubmitAsync(preview, "form[action*='Apply']", []);
        var (_, done) = await staff.GetPageAsync(applied.Headers.Location!.OriginalString);
        Assert.Contains("En kontakt från rekryteringskön har blivit medlem", done.QuerySelector("[role=status]")!.TextContent);

        await factory.WithDbAsync(async (db, _) =>
        {
            var member = await db.Set<Person>().Include(p => p.Tags).SingleAsync(p => p.MemberNumber == number);
            var joined = await db.Set<Prospect>().SingleAsync(p => p.Id == prospect.Id);
            Assert.Equal(member.Id, joined.PersonId);
            Assert.Equal(Today, joined.JoinedOn);
            Assert.False(await db.Set<Person>().AnyAsync(p => p.Id == contactPersonId));
            Assert.Contains(member.Tags, t => t.Name == "Studiecirklar och utbildning");
            await db.Set<Prospect>().Where(p => p.Id == prospect.Id).ExecuteDeleteAsync();
            await db.Set<Person>().Where(p => p.Id == member.Id).ExecuteDeleteAsync();
        });
    }
}
