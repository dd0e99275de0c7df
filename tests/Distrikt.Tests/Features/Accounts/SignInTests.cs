using System.Net;
using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Infrastructure.Audit;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Accounts;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignInTests(DistriktFactory factory)
{
    [Fact]
    public async Task A_member_signs_in_with_an_emailed_link_and_no_second_factor()
    {
        var email = await factory.PersonWithAccountAsync(firstName: "Vera");
        using var client = new AppClient(factory);
        var page = await client.SignInWithLinkAsync(email);
        Assert.Equal("Hej Vera!", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(client.LastTotpKey);
        var (_, account) = await client.GetPageAsync("/konto");
        Assert.Contains("E-postlänk", account.QuerySelector(".facts")!.TextContent);
    }

    [Fact]
    public async Task Someone_who_can_see_others_data_must_enrol_and_give_a_totp_code()
    {
        var email = await factory.PersonWithAccountAsync("Vänsterpartiet Enköping", StandardAssignmentTypes.Chair, firstName: "Tove");
        using var client = new AppClient(factory);
        var link = await client.RequestLinkAsync(email);
        var afterLink = await client.FollowAsync(await client.SubmitAsync(link, "main form"));
        var codePage = await AppClient.ParseAsync(afterLink);
        Assert.EndsWith("/logga-in/kod", codePage.Url);
        Assert.NotNull(codePage.QuerySelector("img[alt^='QR-kod']"));

        // Not signed in yet: the first step alone opens nothing.
        var account = await client.Http.GetAsync("/konto");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);

        var key = codePage.QuerySelector("[data-totp-key]")!.GetAttribute("data-totp-key")!;
        var wrong = await AppClient.ParseAsync(await client.SubmitAsync(codePage, "main form", [new("code", "000000" == AppClient.TotpCode(key) ? "111111" : "000000")]));
        Assert.Contains("Koden stämmer inte", wrong.QuerySelector(".form-error")!.TextContent);

        var done = await AppClient.ParseAsync(await client.FollowAsync(await client.SubmitAsync(wrong, "main form", [new("code", AppClient.TotpCode(key))])));
        Assert.Equal("Hej Tove!", done.QuerySelector("h1")!.TextContent.Trim());
        var enkoping = await factory.UnitIdAsync("Vänsterpartiet Enköping");
        var (overview, _) = await client.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);

        // The next time, the enrolled key is asked for without a new QR code.
        using var again = new AppClient(factory);
        var second = await AppClient.ParseAsync(await again.FollowAsync(await again.SubmitAsync(await again.RequestLinkAsync(email), "main form")));
        Assert.Null(second.QuerySelector("img[alt^='QR-kod']"));
        var signedIn = await AppClient.ParseAsync(await again.FollowAsync(await again.SubmitAsync(second, "main form", [new("code", AppClient.TotpCode(key))])));
        Assert.Equal("Hej Tove!", signedIn.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotEqual(Guid.Empty, enkoping);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        using var client = new AppClient(factory);
        // Counted per address: background jobs (reminders, notices) may write other mail to the shared folder meanwhile.
        int MailsToUnknown() => Directory.Exists(factory.MailFolder)
            ? Directory.GetFiles(factory.MailFolder, "*.eml").Count(f => MimeKit.MimeMessage.Load(f).To.ToString().Contains("ingen.alls@prov.test"))
            : 0;
        var before = MailsToUnknown();
        var response = await client.SubmitAsync("/logga-in", "form:has(#email)", ("email", "ingen.alls@prov.test"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await client.GetPageAsync(response.Headers.Location!.ToString());
        Assert.Contains("Om adressen finns hos oss", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(0, before);
        Assert.Equal(0, MailsToUnknown());
    }

    [Fact]
    public async Task An_invalid_address_is_explained_in_swedish()
    {
        using var client = new AppClient(factory);
        var page = await AppClient.ParseAsync(await client.SubmitAsync("/logga-in", "form:has(#email)", ("email", "inte en adress")));
        Assert.Contains("giltig e-postadress", page.QuerySelector("#email-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#email")!.GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("/logga-in/lank", "ofullständig")]
    [InlineData("/logga-in/lank?token=%3Cscript%3E", "ofullständig")]
    [InlineData("/logga-in/lank?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "känns inte igen")]
    public async Task Broken_links_get_a_clear_message_not_an_error(string url, string expected)
    {
        using var client = new AppClient(factory);
        var (response, page) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, page.QuerySelector("[role=alert]")!.TextContent);
        var posted = await client.Http.PostAsync(url, new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.InternalServerError, posted.StatusCode);
    }

    [Fact]
    public async Task A_link_works_once()
    {
        var email = await factory.PersonWithAccountAsync();
        using var first = new AppClient(factory);
        var link = await first.RequestLinkAsync(email);
        var (_, confirm) = await first.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(confirm, "main form", [])).StatusCode);

        using var second = new AppClient(factory);
        var (_, reused) = await second.GetPageAsync(link);
        Assert.Contains("redan använts", reused.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(reused.QuerySelector("main form"));

        // Posting the old confirmation again, after signing out, does not sign anyone in either.
        await first.SubmitAsync("/konto", "form.sign-out");
        var again = await AppClient.ParseAsync(await first.SubmitAsync(confirm, "main form", []));
        Assert.Contains("redan använts", again.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await first.Http.GetAsync("/konto")).StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var email = await factory.PersonWithAccountAsync();
        using var client = new AppClient(factory);
        var link = await client.RequestLinkAsync(email);
        await factory.WithDbAsync(async (db, _) =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var past = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Set<SignInLink>().Where(l => l.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, past));
        });
        var (_, page) = await client.GetPageAsync(link);
        Assert.Contains("gått ut", page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Signing_in_and_out_is_audit_logged_without_contact_details()
    {
        var email = await factory.PersonWithAccountAsync(firstName: "Sixten", lastName: "Loggsson");
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/konto", "form.sign-out")).StatusCode);
        var entries = await factory.WithDbAsync((db, _) => db.AuditLog.AsNoTracking().Where(e => e.ActorName == "Sixten Loggsson").ToListAsync());
        Assert.Contains(entries, e => e.Action == AuditAction.SignIn);
        Assert.Contains(entries, e => e.Action == AuditAction.SignOut);
        Assert.DoesNotContain(entries, e => e.Summary.Contains('@'));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_other_sessions()
    {
        var email = await factory.PersonWithAccountAsync();
        using var phone = new AppClient(factory);
        using var laptop = new AppClient(factory);
        await phone.SignInWithLinkAsync(email);
        await laptop.SignInWithLinkAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync("/konto")).StatusCode);

        var response = await phone.SubmitAsync("/konto", "form[action*='SignOutEverywhere']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var laptopAfter = await laptop.Http.GetAsync("/konto");
        Assert.Equal(HttpStatusCode.Redirect, laptopAfter.StatusCode);
        Assert.StartsWith("/logga-in", laptopAfter.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_weak_session_is_asked_to_strengthen_before_seeing_others_data()
    {
        // Signed in by link while holding no assignment, then appointed: the session is weak for the new role.
        var email = await factory.PersonWithAccountAsync(firstName: "Ronja");
        using var client = new AppClient(factory);
        await client.SignInWithLinkAsync(email);
        await factory.WithDbAsync(async (db, _) =>
        {
            var personId = await db.Users.Where(u => u.Email == email).Select(u => u.PersonId!.Value).SingleAsync();
            var district = await db.Set<Distrikt.Features.Units.Unit>().Where(u => u.Kind == Distrikt.Features.Units.UnitKind.District).Select(u => u.Id).FirstAsync();
            var type = await db.Set<AssignmentType>().Where(t => t.Key == StandardAssignmentTypes.Ombudsman).Select(t => t.Id).SingleAsync();
            db.Add(new Assignment { PersonId = personId, UnitId = district, AssignmentTypeId = type, StartsOn = DateOnly.FromDateTime(DateTime.Today) });
            await db.SaveChangesAsync();
        });
        var response = await client.Http.GetAsync("/granskningslogg");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/stark-inloggning", response.Headers.Location!.OriginalString);

        var (_, strengthen) = await client.GetPageAsync(response.Headers.Location!.ToString());
        var key = strengthen.QuerySelector("[data-totp-key]")!.GetAttribute("data-totp-key")!;
        var done = await client.SubmitAsync(strengthen, "main form", [new("code", AppClient.TotpCode(key))]);
        Assert.Equal("/granskningslogg", done.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/granskningslogg")).StatusCode);
    }

    [Theory]
    [InlineData(-30, -1)]
    [InlineData(5, null)]
    public async Task An_ended_or_future_assignment_gives_nothing(int startOffset, int? endOffset)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var email = await factory.PersonWithAccountAsync(Distrikt.Features.Demo.DemoSeeder.DistrictName, StandardAssignmentTypes.Ombudsman,
            starts: today.AddDays(startOffset), ends: endOffset is { } e ? today.AddDays(e) : null);
        using var client = new AppClient(factory);
        var page = await client.SignInWithLinkAsync(email);
        Assert.Null(client.LastTotpKey);
        Assert.Empty(page.QuerySelectorAll("table"));
        var response = await client.Http.GetAsync("/granskningslogg");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/atkomst-nekad", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("//evil.example/x", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/enheter", "/enheter")]
    public void Return_addresses_stay_on_this_site(string given, string expected) =>
        Assert.Equal(expected, SignInModel.SafeReturnUrl(given));
}

/// <summary>A separate app with a low limit, so the limit itself can be seen.</summary>
public sealed class RateLimitedFactory : DistriktFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Distrikt:SignIn:AttemptsPerMinute", "3")];
}

[Trait("Category", "Integration")]
public sealed class SignInRateLimitTests : IClassFixture<RateLimitedFactory>
{
    private readonly RateLimitedFactory _factory;
    public SignInRateLimitTests(RateLimitedFactory factory) => _factory = factory;

    [Fact]
    public async Task Too_many_sign_in_attempts_are_refused_in_swedish()
    {
        using var client = new AppClient(_factory);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.Http.GetAsync("/logga-in");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Contains("För många inloggningsförsök", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
