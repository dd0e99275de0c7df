using System.Net;
using Distrikt.Features.Assignments;
using Distrikt.Features.Liaisons;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Liaisons;

/// <summary>
/// Associations, board members, liaisons and contacts the liaison tests arrange for themselves and remove afterwards:
/// the demo district is shared by every test class, and its start page and overview count its associations.
/// </summary>
public sealed class LiaisonTestData(DistriktFactory factory) : IAsyncDisposable
{
    private readonly List<string> _emails = [];
    private readonly List<Guid> _associations = [];

    public CreatedData Units { get; } = new(factory);

    public static DateOnly Today => UnitTestExtensions.Today;

    public Task<Guid> DistrictIdAsync() => factory.DistrictIdAsync();

    /// <summary>A new association in the demo district.</summary>
    public async Task<Guid> AssociationAsync(string name = "Vänsterpartiet Fadderprov")
    {
        var id = await Units.AssociationAsync(CreatedData.Unique(name));
        _associations.Add(id);
        return id;
    }

    /// <summary>A person with an account and a seat on the district board (ledamot unless another key is given).</summary>
    public async Task<(string Email, Guid PersonId)> BoardMemberAsync(string lastName, string typeKey = StandardAssignmentTypes.BoardMember,
        DateOnly? starts = null, DateOnly? ends = null)
    {
        var unique = CreatedData.Unique(lastName);
        var email = await factory.PersonWithAccountAsync(DistriktName, typeKey, starts ?? Today.AddMonths(-6), ends, "Fadder", unique);
        _emails.Add(email);
        return (email, await PersonIdAsync(email));
    }

    /// <summary>A person with an account and one assignment in a unit (e.g. chair of an association).</summary>
    public async Task<(string Email, Guid PersonId)> PersonWithAssignmentAsync(Guid unitId, string typeKey, string lastName)
    {
        var unitName = await factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync());
        var email = await factory.PersonWithAccountAsync(unitName, typeKey, Today.AddMonths(-6), null, "Prov", CreatedData.Unique(lastName));
        _emails.Add(email);
        return (email, await PersonIdAsync(email));
    }

    public const string DistriktName = Distrikt.Features.Demo.DemoSeeder.DistrictName;

    public Task<Guid> PersonIdAsync(string email) =>
        factory.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.PersonId!.Value).SingleAsync());

    public Task<Guid> LiaisonAsync(Guid associationId, Guid personId, int rhythmDays, DateOnly startsOn, DateOnly? endsOn = null) =>
        factory.WithDbAsync(async (db, _) =>
        {
            var l = new Liaison { UnitId = associationId, PersonId = personId, RhythmDays = rhythmDays, StartsOn = startsOn, EndsOn = endsOn };
            db.Add(l);
            await db.SaveChangesAsync();
            return l.Id;
        });

    public Task ContactAsync(Guid associationId, Guid? byPersonId, DateOnly on, ContactChannel channel = ContactChannel.Phone) =>
        factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new LiaisonContact { UnitId = associationId, LiaisonPersonId = byPersonId, ContactedOn = on, Channel = channel });
            await db.SaveChangesAsync();
        });

    public Task<List<LiaisonContact>> ContactsAsync(Guid associationId) =>
        factory.WithDbAsync((db, _) => db.Set<LiaisonContact>().AsNoTracking().Where(c => c.UnitId == associationId).ToListAsync());

    public Task<List<Liaison>> LiaisonsAsync(Guid associationId) =>
        factory.WithDbAsync((db, _) => db.Set<Liaison>().AsNoTracking().Where(l => l.UnitId == associationId).ToListAsync());

    public Task<AssociationContact?> ContactPersonAsync(Guid associationId) =>
        factory.WithDbAsync((db, _) => db.Set<AssociationContact>().AsNoTracking().FirstOrDefaultAsync(c => c.UnitId == associationId));

    /// <summary>Signs in by e-mail link and raises the session with a TOTP code, as the pages revealing contact details require.</summary>
    public static async Task SignInStronglyAsync(AppClient client, string email)
    {
        await client.SignInWithLinkAsync(email);
        // Someone whose assignments reveal personal data gave a code at sign-in already.
        if (client.LastTotpKey is not null) return;
        var (_, strengthen) = await client.GetPageAsync("/konto/stark-inloggning?returnUrl=%2F");
        var key = strengthen.QuerySelector("[data-totp-key]")!.GetAttribute("data-totp-key")!;
        var done = await client.SubmitAsync(strengthen, "main form", [new("code", AppClient.TotpCode(key))]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        var emails = _emails.ToList();
        var associations = _associations.ToList();
        await factory.WithDbAsync(async (db, _) =>
        {
            var people = await db.Users.Where(u => emails.Contains(u.Email!)).Select(u => u.PersonId!.Value).ToListAsync();
            // Liaisons and contacts go before the associations; the people keep their accounts (as in the other tests)
            // but lose their seats, so the district board is what it was.
            await db.Set<Liaison>().Where(l => associations.Contains(l.UnitId) || people.Contains(l.PersonId)).ExecuteDeleteAsync();
            await db.Set<LiaisonContact>().Where(c => associations.Contains(c.UnitId)).ExecuteDeleteAsync();
            await db.Set<AssociationContact>().Where(c => associations.Contains(c.UnitId) || people.Contains(c.PersonId)).ExecuteDeleteAsync();
            await db.Set<Assignment>().Where(a => people.Contains(a.PersonId)).ExecuteDeleteAsync();
        });
        await Units.DisposeAsync();
    }
}
