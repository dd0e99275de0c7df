using System.Net;
using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Database;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Features.Audit;

[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuditLogPageTests(DistriktFactory factory)
{
    [Fact]
    public async Task District_staff_reads_the_log_newest_first_and_the_reading_is_itself_logged()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var (response, page) = await client.GetPageAsync("/granskningslogg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var numbers = page.QuerySelectorAll("tbody tr td.num").Select(td => long.Parse(td.TextContent)).ToList();
        Assert.NotEmpty(numbers);
        Assert.Equal(numbers.OrderByDescending(n => n), numbers);
        Assert.Contains(page.QuerySelectorAll("tbody tr"), tr => tr.TextContent.Contains("Inloggning med demokonto"));

        var (_, again) = await client.GetPageAsync("/granskningslogg?action=View");
        Assert.Contains(again.QuerySelectorAll("tbody tr"), tr => tr.TextContent.Contains("Granskningsloggen visad"));
        Assert.All(again.QuerySelectorAll("tbody tr .badge"), b => Assert.Equal("Visning", b.TextContent));
    }

    [Fact]
    public async Task Staff_can_check_the_chain_from_the_page()
    {
        using var client = new AppClient(factory);
        await client.SignInAsDemoAsync(DemoSeeder.Staff.Email);
        var page = await AppClient.ParseAsync(await client.SubmitAsync("/granskningslogg", "form[action*='Verify']"));
        Assert.Contains("Kedjan är hel", page.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Entries_recorded_at_the_same_time_each_get_their_own_place_in_an_unbroken_chain()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        // Forty requests recording at once, each on its own scope as requests do; they are appended in batches.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => factory.WithDbAsync((_, sp) =>
            sp.GetRequiredService<AuditLog>().RecordAsync(new AuditActor(null, "Prov", "127.0.0.1"), AuditAction.View, "Prov", $"{run}-{i}", $"Samtidig post {i}")))));

        var (verification, sequences) = await factory.WithDbAsync(async (db, _) =>
            (await AuditVerifier.VerifyAsync(db),
             await db.AuditLog.Where(e => e.SubjectId!.StartsWith(run)).Select(e => e.Sequence).ToListAsync()));
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(40, sequences.Count);
        Assert.Equal(40, sequences.Distinct().Count());
    }

    [Fact]
    public async Task An_association_chair_and_a_board_member_cannot_read_the_log()
    {
        foreach (var email in new[] { DemoSeeder.Chair.Email, DemoSeeder.BoardMember.Email })
        {
            using var client = new AppClient(factory);
            await client.SignInAsDemoAsync(email);
            var response = await client.Http.GetAsync("/granskningslogg");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/atkomst-nekad", response.Headers.Location!.OriginalString);
        }
    }
}

/// <summary>Tampering needs a database of its own: it breaks the chain on purpose.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class AuditChainTests : IClassFixture<DistriktFactory>
{
    private readonly DistriktFactory _factory;
    public AuditChainTests(DistriktFactory factory) => _factory = factory;

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _factory.WithDbAsync((_, sp) => sp.GetRequiredService<AuditLog>()
                .RecordAsync(new AuditActor(null, "Prov", "127.0.0.1"), AuditAction.Change, "Prov", i.ToString(), $"Provpost {i}"));
        }
    }

    [Fact]
    public async Task The_database_refuses_to_change_entries_and_verify_names_the_first_tampered_one()
    {
        await AppendAsync(5);
        var (intact, target) = await _factory.WithDbAsync(async (db, _) =>
            (await AuditVerifier.VerifyAsync(db), await db.AuditLog.Where(e => e.Summary == "Provpost 2").Select(e => e.Sequence).SingleAsync()));
        Assert.True(intact.IsIntact, intact.Problem);

        // Append-only: an ordinary UPDATE or DELETE is refused by the database itself.
        await Assert.ThrowsAnyAsync<Exception>(() => _factory.WithDbAsync((db, _) =>
            db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Summary\" = 'ändrad' WHERE \"Sequence\" = {0}", target)));
        await Assert.ThrowsAnyAsync<Exception>(() => _factory.WithDbAsync((db, _) =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log WHERE \"Sequence\" = {0}", target)));

        // Someone with full control of the database gets past the trigger: the chain still shows it.
        await _factory.WithDbAsync(async (db, _) =>
        {
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
                await db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Summary\" = 'ändrad i smyg' WHERE \"Sequence\" = {0}", target);
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_log_no_update");
                await db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET \"Summary\" = 'ändrad i smyg' WHERE \"Sequence\" = {0}", target);
            }
        });

        var broken = await _factory.WithDbAsync((db, _) => AuditVerifier.VerifyAsync(db));
        Assert.False(broken.IsIntact);
        Assert.Equal(target, broken.FirstBrokenSequence);
        Assert.Contains("ändrats", broken.Problem);

        // The command-line verb says the same and exits non-zero.
        var settings = new Dictionary<string, string?> { ["Distrikt:DataDirectory"] = _factory.DataDirectory };
        if (_factory.PostgresConnectionString is { } pg)
        {
            settings["Distrikt:Database:Provider"] = "Postgres";
            settings["Distrikt:Database:ConnectionString"] = pg;
        }
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int code;
        try { code = await Distrikt.Cli.CommandLine.RunAsync(["audit", "verify"], settings); }
        finally { Console.SetOut(previous); }
        Assert.Equal(Distrikt.Cli.CommandLine.Failed, code);
        Assert.Contains($"bruten vid post {target}", output.ToString());
    }
}
