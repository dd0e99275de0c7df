using System.Net;
using System.Text.Json;
using Distrikt.Features.CallLists;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Features.Erasure;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Distrikt.Tests.Features.OwnData;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OwnDataTests(DistriktFactory factory)
{
    private sealed record Arranged(Guid PersonId, string Email, Guid OtherId);

    /// <summary>Åsa with something of every kind, and Ödön beside her on the same list and in the same association.</summary>
    private static async Task<Arranged> ArrangeAsync(OwnDataTestData data)
    {
        var unit = await data.AssociationAsync("Vänsterpartiet Egna");
        var id = await data.PersonAsync(unit, "Åsa", "Ängström", p =>
        {
            p.Email = "asa.angstrom@prov.test"; p.Phone = "+46701740611"; p.StreetAddress = "Örsundsgatan 3"; p.PostalCode = "81530"; p.City = "Tierp";
            p.MunicipalityCode = "0360"; p.BirthDate = new DateOnly(1979, 4, 2); p.MemberNumber = "E" + Guid.NewGuid().ToString("N")[..8];
        });
        var other = await data.PersonAsync(unit, "Ödön", "Grannsson", p => { p.Email = "odon.grannsson@prov.test"; p.Phone = "+46701740612"; });
        await data.TagAsync(id, "valarbetare");
        await data.TagAsync(other, "annanstagg");
        await data.CareStepAsync(id, unit, "Välkomnad i telefon");
        await data.CallListAsync(unit, "Välkomstsamtal hösten",
            (id, CallOutcome.WantsToEngage, "Vill stå vid bokbordet"), (other, CallOutcome.Answered, "Grannens anteckning"));
        await data.ProspectAsync(unit, id, OwnDataTestData.Today.AddDays(-400));
        var email = await data.AccountAsync(id);
        return new Arranged(id, email, other);
    }

    private static void NothingOfTheOther(string text)
    {
        Assert.DoesNotContain("Ödön", text);
        Assert.DoesNotContain("Grannsson", text);
        Assert.DoesNotContain("odon.grannsson", text);
        Assert.DoesNotContain("Grannens anteckning", text);
        Assert.DoesNotContain("annanstagg", text);
    }

    [Fact]
    public async Task A_member_sees_everything_held_about_them_and_nothing_of_anyone_else()
    {
        await using var data = new OwnDataTestData(factory);
        var a = await ArrangeAsync(data);
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(a.Email);

        var (response, page) = await client.GetPageAsync("/mina-uppgifter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.Text();
        Assert.Equal("070-174 06 11", page.QuerySelector("#telefon")!.GetAttribute("value"));
        Assert.Equal("asa.angstrom@prov.test", page.QuerySelector("#epost")!.GetAttribute("value"));
        Assert.Equal("81530", page.QuerySelector("#postnummer")!.GetAttribute("value"));
        Assert.Contains("Åsa Ängström", text);
        Assert.Contains("1979-04-02", text);
        Assert.Contains("Vänsterpartiet Egna", page.Text("section[aria-labelledby='memberships-heading']"));
        Assert.Contains("valarbetare", page.Text("section[aria-labelledby='tags-heading']"));
        Assert.Contains("Välkomnad i telefon", page.Text("section[aria-labelledby='care-heading']"));
        var calls = page.Text("section[aria-labelledby='calls-heading']");
        Assert.Contains("Välkomstsamtal hösten", calls);
        Assert.Contains("Vill engagera sig", calls);
        Assert.Contains("Vill stå vid bokbordet", calls);
        Assert.Contains("Jag vill bli kontaktad om medlemskap", page.Text("section[aria-labelledby='consent-heading']"));
        Assert.Contains(a.Email, page.Text("section[aria-labelledby='account-heading']"));
        Assert.Contains("730 dagar", page.Text("section[aria-labelledby='retention-heading']"));
        NothingOfTheOther(text);

        var entries = await factory.AuditEntriesAsync("Person", a.PersonId.ToString());
        var view = Assert.Single(entries, e => e.Action == AuditAction.View);
        Assert.Equal("Åsa Ängström", view.ActorName);
        Assert.DoesNotContain("asa.angstrom", view.Summary);
    }

    [Fact]
    public async Task Corrections_are_checked_field_by_field_and_saved_normalised()
    {
        await using var data = new OwnDataTestData(factory);
        var a = await ArrangeAsync(data);
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(a.Email);

        var refused = await client.SubmitAsync("/mina-uppgifter", "form.own-data-form",
            ("epost", "asa@"), ("telefon", "12"), ("adress", "=HYPERLINK(1)"), ("postnummer", "815"), ("ort", "Tierp"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await AppClient.ParseAsync(refused);
        var summary = page.Text(".error-summary");
        Assert.Contains("E-postadressen", summary);
        Assert.Contains("Telefonnumret", summary);
        Assert.Contains("Adressen", summary);
        Assert.Contains("Postnumret ska vara fem siffror", summary);
        Assert.Equal("true", page.QuerySelector("#telefon")!.GetAttribute("aria-invalid"));
        // What was typed comes back, so nothing is lost.
        Assert.Equal("12", page.QuerySelector("#telefon")!.GetAttribute("value"));
        var unchanged = await factory.WithDbAsync((db, _) => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == a.PersonId));
        Assert.Equal("+46701740611", unchanged.Phone);

        var saved = await client.SubmitAsync("/mina-uppgifter", "form.own-data-form",
            ("epost", " asa.ny@PROV.test "), ("telefon", "070-174 06 99"), ("adress", "Storgatan 1"), ("postnummer", "753 20"), ("ort", "Uppsala"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var person = await factory.WithDbAsync((db, _) => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == a.PersonId));
        Assert.Equal("asa.ny@prov.test", person.Email);
        Assert.Equal("+46701740699", person.Phone);
        Assert.Equal("Storgatan 1", person.StreetAddress);
        Assert.Equal("75320", person.PostalCode);
        Assert.Equal("Uppsala", person.City);
        Assert.Equal("0380", person.MunicipalityCode);

        var change = Assert.Single(await factory.AuditEntriesAsync("Person", a.PersonId.ToString()), e => e.Action == AuditAction.Change);
        Assert.Contains("telefon", change.Summary);
        Assert.DoesNotContain("0701740699", change.Summary.Replace(" ", "").Replace("-", ""));
        Assert.DoesNotContain("Storgatan", change.Summary);
    }

    [Fact]
    public async Task The_json_file_holds_everything_and_the_pdf_is_readable_with_swedish_letters()
    {
        await using var data = new OwnDataTestData(factory);
        var a = await ArrangeAsync(data);
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(a.Email);

        var json = await client.Http.GetAsync("/mina-uppgifter?handler=Json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var raw = await json.Content.ReadAsStringAsync();
        NothingOfTheOther(raw);
        using var doc = JsonDocument.Parse(raw);
        var root = doc.RootElement;
        Assert.Equal("Åsa", root.GetProperty("person").GetProperty("firstName").GetString());
        Assert.Equal("+46701740611", root.GetProperty("person").GetProperty("phone").GetString());
        Assert.Equal("1979-04-02", root.GetProperty("person").GetProperty("birthDate").GetString());
        Assert.StartsWith("Vänsterpartiet Egna", root.GetProperty("memberships")[0].GetProperty("unit").GetString());
        Assert.Equal("valarbetare", root.GetProperty("tags")[0].GetString());
        Assert.Equal("Välkomnad i telefon", root.GetProperty("careSteps")[0].GetProperty("note").GetString());
        var call = Assert.Single(root.GetProperty("callsAboutYou").EnumerateArray());
        Assert.Equal("Vill stå vid bokbordet", call.GetProperty("note").GetString());
        Assert.Equal("Bokbord Stortorget", root.GetProperty("recruitmentConsents")[0].GetProperty("sourceNote").GetString());
        Assert.Equal(a.Email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal(730, root.GetProperty("retention").GetProperty("formerMemberRetentionDays").GetInt32());
        foreach (var part in new[] { "assignments", "callListsYouCallFrom", "liaisonRoles", "liaisonContactsYouLogged", "contactPersonFor" })
            Assert.Equal(JsonValueKind.Array, root.GetProperty(part).ValueKind);

        var pdf = await client.Http.GetAsync("/mina-uppgifter?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        var words = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Åsa", words);
        Assert.Contains("Ängström", words);
        Assert.Contains("Örsundsgatan", words);
        Assert.Contains("bokbordet", words);
        NothingOfTheOther(text);

        var exports = (await factory.AuditEntriesAsync("Person", a.PersonId.ToString())).Where(e => e.Action == AuditAction.Export).ToList();
        Assert.Equal(2, exports.Count);
        Assert.Contains(exports, e => e.Summary.Contains("JSON"));
        Assert.Contains(exports, e => e.Summary.Contains("PDF"));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var client = new AppClient(factory);
        foreach (var url in new[] { "/mina-uppgifter", "/mina-uppgifter?handler=Json", "/mina-uppgifter?handler=Pdf" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/logga-in", response.Headers.Location!.ToString());
        }
    }
}
