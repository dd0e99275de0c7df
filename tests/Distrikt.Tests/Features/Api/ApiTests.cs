using System.Net;
using System.Net.Http.Json;
using Distrikt.Features.Api;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Api;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ApiTests(DistriktFactory factory)
{
    [Fact]
    public async Task Anonymous_api_calls_get_401_not_a_redirect()
    {
        using var client = new AppClient(factory);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Me_returns_only_current_assignments()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        var me = await client.Http.GetFromJsonAsync<MeResponse>("/api/me");
        Assert.Equal("Johan Åkesson", me!.Name);
        Assert.Contains(me.Assignments, a => a.Type == "Ordförande" && a.UnitName == "Vänsterpartiet Tierp");

        using var member = new AppClient(factory);
        await member.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var memberMe = await member.Http.GetFromJsonAsync<MeResponse>("/api/me");
        // The member's treasurer assignment has ended.
        Assert.Empty(memberMe!.Assignments);
    }

    [Fact]
    public async Task Unit_assignments_follow_the_same_rules_as_the_pages_and_are_audit_logged()
    {
        var uppsala = await factory.UnitIdAsync("Vänsterpartiet Uppsala");
        using var chair = new AppClient(factory);
        await chair.SignInAsDemoAsync(DemoSeeder.Chair.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await chair.Http.GetAsync($"/api/units/{uppsala}/assignments")).StatusCode);

        using var staff = new AppClient(factory);
        await staff.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var before = await factory.WithDbAsync((db, _) => db.AuditLog.CountAsync(e => e.SubjectType == "Uppdrag" && e.SubjectId == uppsala.ToString()));
        var rows = await staff.Http.GetFromJsonAsync<List<UnitAssignmentResponse>>($"/api/units/{uppsala}/assignments");
        Assert.NotEmpty(rows!);
        var after = await factory.WithDbAsync((db, _) => db.AuditLog.CountAsync(e => e.SubjectType == "Uppdrag" && e.SubjectId == uppsala.ToString() && e.Action == AuditAction.View));
        Assert.True(after > before);
        // A unit that does not exist lies under no one's assignments: refused, which also reveals nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Http.GetAsync($"/api/units/{Guid.NewGuid()}/assignments")).StatusCode);
    }

    [Fact]
    public async Task Units_are_sorted_in_swedish_order_and_the_openapi_document_describes_the_api()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Member.Email);
        var units = await client.Http.GetFromJsonAsync<List<UnitResponse>>("/api/units");
        var names = units!.Select(u => u.Name).ToList();
        Assert.Equal(names.Order(SwedishCollation.Comparer), names);
        Assert.True(names.IndexOf("Vänsterpartiet Östhammar") > names.IndexOf("Vänsterpartiet Uppsala"));

        var openApi = await client.Http.GetStringAsync("/api/openapi/v1.json");
        Assert.Contains("/api/me", openApi);
        Assert.Contains("/api/units/{unitId}/assignments", openApi);
        Assert.DoesNotContain("/logga-in", openApi);
    }
}
