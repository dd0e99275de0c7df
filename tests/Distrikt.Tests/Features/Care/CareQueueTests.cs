using Distrikt.Features.Care;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Care;

/// <summary>Who lands in which care queue, decided in the database (so on both databases) from memberships and care steps.</summary>
[Collection(AppCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CareQueueTests(DistriktFactory factory)
{
    private static DateOnly Today => MemberTestData.Today;

    private Task<List<string>> NamesInAsync(Guid unitId, CareQueue queue) => factory.WithDbAsync((db, _) =>
        CareQueues.Query(db, [unitId], queue, MemberCareSettings.DefaultsFor(Guid.Empty), Today)
            .OrderBy(e => e.LastName).Select(e => e.LastName).ToListAsync());

    [Fact]
    public async Task Each_queue_holds_the_people_its_rule_describes_until_a_step_is_recorded()
    {
        await using var data = new MemberTestData(factory);
        var unit = await data.AssociationAsync();
        var other = await data.AssociationAsync("Vänsterpartiet Annanstans");
        var nora = await data.PersonAsync(unit, "Nora", "Nyström", membership: m => m.StartedOn = Today.AddDays(-10));
        await data.PersonAsync(unit, "Gammal", "Gammalsson", membership: m => m.StartedOn = Today.AddYears(-3));
        var returning = await data.PersonAsync(unit, "Åsa", "Återkomst", membership: m => m.StartedOn = Today.AddDays(-5));
        await data.AddMembershipAsync(returning, unit, Today.AddYears(-4), Today.AddYears(-1));
        // A move: the old membership ends the day before the new one starts. Neither new nor returning.
        var mover = await data.PersonAsync(unit, "Flytt", "Flyttare", membership: m => m.StartedOn = Today.AddDays(-3));
        await data.AddMembershipAsync(mover, other, Today.AddYears(-2), Today.AddDays(-4));
        await data.PersonAsync(unit, "Obetald", "Obetaldsson", membership: m => { m.StartedOn = Today.AddYears(-2); m.FeePaidThrough = Today.AddDays(10); });
        await data.PersonAsync(unit, "Betald", "Betaldsson", membership: m => { m.StartedOn = Today.AddYears(-2); m.FeePaidThrough = Today.AddDays(200); });
        await data.PersonAsync(unit, "Slutat", "Slutadsson", membership: m => { m.StartedOn = Today.AddYears(-2); m.EndedOn = Today.AddDays(-20); });
        await data.PersonAsync(unit, "Längesen", "Längesedan", membership: m => { m.StartedOn = Today.AddYears(-5); m.EndedOn = Today.AddYears(-2); });

        Assert.Equal(["Nyström"], await NamesInAsync(unit, CareQueue.New));
        Assert.Equal(["Återkomst"], await NamesInAsync(unit, CareQueue.Returning));
        Assert.Equal(["Obetaldsson"], await NamesInAsync(unit, CareQueue.Lapsing));
        Assert.Equal(["Slutadsson"], await NamesInAsync(unit, CareQueue.Lapsed));

        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new CareStep { PersonId = nora, UnitId = unit, Queue = CareQueue.New, DoneOn = Today });
            await db.SaveChangesAsync();
        });
        Assert.Empty(await NamesInAsync(unit, CareQueue.New));

        var counts = await factory.WithDbAsync((db, _) => CareQueues.CountsAsync(db, [unit], MemberCareSettings.DefaultsFor(Guid.Empty), Today, default));
        Assert.Equal(1, counts[(unit, CareQueue.Lapsed)]);
        Assert.False(counts.ContainsKey((unit, CareQueue.New)));
    }
}
