using System.Net;
using Distrikt.Tests.Infrastructure;

namespace Distrikt.Tests.Security;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SecurityHeaderTests(DistriktFactory factory)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/logga-in")]
    [InlineData("/finns-inte")]
    public async Task Pages_carry_strict_headers_and_a_csp_without_unsafe_inline(string url)
    {
        using var client = new AppClient(factory);
        var response = await client.Http.GetAsync(url);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style()
    {
        using var client = new AppClient(factory);
        var (_, page) = await client.GetPageAsync("/logga-in");
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "inline <script>"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var client = new AppClient(factory);
        var response = await client.Http.PostAsync("/logga-in", new FormUrlEncodedContent([new("email", "ombudsman@demo.distrikt.test")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_any_data()
    {
        using var client = new AppClient(factory);
        var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_addresses_get_a_swedish_404_page()
    {
        // Anonymous visitors are sent to sign in first, so that addresses reveal nothing; signed in, it is a plain 404.
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(Distrikt.Features.Demo.DemoSeeder.Member.Email);
        var (response, page) = await client.GetPageAsync("/finns-inte");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Sidan finns inte", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_tampered_session_cookie_is_treated_as_signed_out()
    {
        using var client = new AppClient(factory);
        client.Http.DefaultRequestHeaders.Add("Cookie", "distrikt=CfDJ8-this-is-not-a-real-ticket");
        var response = await client.Http.GetAsync("/konto");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/logga-in", response.Headers.Location!.PathAndQuery);
    }
}
