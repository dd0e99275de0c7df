using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Security;

/// <summary>
/// Enumerates every endpoint and page of the app and proves it is guarded: anonymous users are refused
/// everywhere but on a short, explicit list; a signed-in member without assignments is refused wherever a
/// permission is required; and a page that needs neither must be named here on purpose. Adding an endpoint
/// without thinking about who may use it fails this test.
/// </summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EndpointGuardTests(DistriktFactory factory)
{
    /// <summary>Reachable without signing in: the public face, the sign-in steps, error pages and health.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "/", "/logga-in", "/logga-in/lank", "/logga-in/kod", "/fel/{code:int?}", "/health",
        // The public interest form: rate-limited, and it answers the same whoever is typed in.
        "/bli-kontaktad",
        // A gathering's page: public gatherings are shown to anyone; any other is answered as not found (GatheringAccess).
        "/traffar/{id:guid}",
        // Calendar feeds for calendar apps, which cannot sign in: a person's by its secret token (unknown is not found),
        // a district's public one with public gatherings only.
        "/kalender/{token?}", "/kalender/offentlig/{districtId:guid}",
    ];

    /// <summary>Any signed-in person may use these: they show only the person's own data or no personal data.</summary>
    private static readonly HashSet<string> AnySignedIn =
    [
        "/konto", "/konto/stark-inloggning", "/logga-ut", "/atkomst-nekad",
        "/enheter", "/uppdragstyper", "/uppdragstyper/{id:guid}",
        "/api/me", "/api/units", "/api/assignment-types", "/api/openapi/{documentName}.json",
        // Recording a recruitment contact: the page itself refuses anyone without a current assignment in the district.
        "/enheter/{unitId:guid}/rekrytering/ny", "/rekrytering/ny",
        // The signed-in person's own data: the page reads only the person the account belongs to; no id in the address.
        "/mina-uppgifter",
        // Call lists: the caller's own lists, and the calling page, which refuses anyone not added as a caller on an open list.
        "/ringlistor", "/ringlistor/{listId:guid}/ring",
        // Faddersystemet: a board seat grants no permission, so these pages check it themselves (LiaisonViewer) and
        // refuse anyone neither on the district board nor allowed to appoint there; both need a strong sign-in.
        "/enheter/{unitId:guid}/faddrar", "/enheter/{unitId:guid}/fadderkontakter",
        // Gatherings: the list shows only what GatheringAccess lets the person see; the organisers' pages name a gathering
        // or a unit and refuse anyone without the right to arrange gatherings in its unit (GatheringAccess.ManageRefusal);
        // a lottery is shown only to those who applied and to the organisers, who alone may fix the list and draw.
        "/traffar", "/traffar/ny", "/enheter/{unitId:guid}/traffar/ny", "/traffar/{id:guid}/redigera",
        "/traffar/{id:guid}/deltagare", "/traffar/{id:guid}/incheckning", "/traffar/{id:guid}/barnpassning",
        "/traffar/{id:guid}/installa", "/traffar/{id:guid}/lottning",
        // The operational plan: the unit's board and staff who manage the unit (PlanAccess); anyone else is refused.
        "/enheter/{unitId:guid}/verksamhetsplan", "/verksamhetsplan/{id:guid}", "/verksamhetsplan/mal/{goalId:guid}",
        // One's own calendar feed.
        "/traffar/kalender",
    ];

    private IReadOnlyList<(string Pattern, RouteEndpoint Endpoint)> Endpoints()
    {
        var sources = factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), e))
            .DistinctBy(x => x.Item1)
            .ToList();
    }

    private static bool RequiresPermission(Endpoint e) =>
        e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy?.StartsWith(PermissionPolicies.Prefix, StringComparison.Ordinal) == true);

    private async Task<string> Concrete(string pattern)
    {
        var tierp = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        var concrete = pattern
            .Replace("{unitId:guid}", tierp.ToString())
            .Replace("{code:int?}", "404")
            .Replace("{documentName}", "v1")
            .Replace("{id:guid}", Guid.NewGuid().ToString())
            .Replace("{assignmentId:guid}", Guid.NewGuid().ToString())
            .Replace("{personId:guid}", Guid.NewGuid().ToString());
        // Any other id in a route (an upload, a list, …) gets an unknown one: the refusal must come before the lookup.
        return System.Text.RegularExpressions.Regex.Replace(concrete, @"\{[A-Za-z]+:guid\}", _ => Guid.NewGuid().ToString());
    }

    [Fact]
    public void Every_endpoint_is_classified()
    {
        var unclassified = Endpoints()
            .Where(x => !Anonymous.Contains(x.Pattern) && !AnySignedIn.Contains(x.Pattern) && !RequiresPermission(x.Endpoint))
            .Select(x => x.Pattern).ToList();
        Assert.True(unclassified.Count == 0, "Endpoints utan behörighetskrav och utan beslut här: " + string.Join(", ", unclassified));

        var unexpectedAnonymous = Endpoints()
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && !Anonymous.Contains(x.Pattern))
            .Select(x => x.Pattern).ToList();
        Assert.True(unexpectedAnonymous.Count == 0, "Öppna endpoints som inte står på listan: " + string.Join(", ", unexpectedAnonymous));
    }

    [Fact]
    public async Task Anonymous_users_are_refused_everywhere_but_the_public_list()
    {
        using var client = new AppClient(factory);
        var checkedCount = 0;
        foreach (var (pattern, _) in Endpoints().Where(x => !Anonymous.Contains(x.Pattern)))
        {
            var url = await Concrete(pattern);
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                var response = await client.Http.SendAsync(new HttpRequestMessage(method, url));
                var refused = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/logga-in", StringComparison.Ordinal));
                Assert.True(refused, $"{method} {pattern} gav {(int)response.StatusCode} {response.Headers.Location} för en anonym användare.");
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 20, $"Bara {checkedCount} anrop kontrollerades");
    }

    [Fact]
    public async Task A_member_without_assignments_is_refused_wherever_a_permission_is_required()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var guarded = Endpoints().Where(x => RequiresPermission(x.Endpoint)).ToList();
        Assert.NotEmpty(guarded);
        foreach (var (pattern, _) in guarded)
        {
            var url = await Concrete(pattern);
            var response = await client.Http.GetAsync(url);
            Assert.True(IsForbidden(response), $"GET {pattern} gav {(int)response.StatusCode} för en medlem utan uppdrag.");
        }
    }

    [Fact]
    public async Task An_association_chair_is_refused_in_another_association()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var perUnit = Endpoints().Where(x => RequiresPermission(x.Endpoint) && x.Pattern.Contains("{unitId:guid}", StringComparison.Ordinal)).ToList();
        foreach (var (pattern, _) in perUnit)
        {
            // Concrete() fills in Vänsterpartiet Uppsala, where the Tierp chair has no assignment.
            var response = await client.Http.GetAsync(await Concrete(pattern));
            Assert.True(IsForbidden(response), $"GET {pattern} gav {(int)response.StatusCode} för Tierps ordförande i Uppsala.");
        }
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/atkomst-nekad", StringComparison.Ordinal));
}
