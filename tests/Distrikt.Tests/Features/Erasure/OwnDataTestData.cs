using Distrikt.Features.Accounts;
using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.Erasure;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Features.Erasure;

/// <summary>
/// People with everything Distrikt can hold about them — memberships, tags, care steps, call-list entries,
/// recruitment consents, assignments, an account — arranged straight in the database and removed afterwards,
/// since the demo district is shared by every test class.
/// </summary>
public sealed class OwnDataTestData(DistriktFactory factory) : IAsyncDisposable
{
    private readonly List<Guid> _people = [];
    private readonly List<Guid> _callLists = [];
    private readonly List<Guid> _prospects = [];
    private readonly List<string> _emails = [];
    private readonly List<Guid> _districts = [];

    public CreatedData Units { get; } = new(factory);

    public static DateOnly Today => UnitTestExtensions.Today;

    public Task<Guid> AssociationAsync(string name = "Vänsterpartiet Raderingstest", Guid? parentId = null) =>
        Units.AssociationAsync(CreatedData.Unique(name), parentId);

    /// <summary>A district of its own, so a retention run there touches nothing of the demo district's.</summary>
    public async Task<Guid> DistrictAsync(int formerMemberDays, int prospectDays)
    {
        var id = await Units.DistrictAsync(CreatedData.Unique("Gallringsdistriktet"));
        _districts.Add(id);
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new MemberCareSettings { DistrictId = id, FormerMemberRetentionDays = formerMemberDays, ProspectRetentionDays = prospectDays });
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>A person with one membership in the unit (current since a year unless <paramref name="endedOn"/>); null unit for none.</summary>
    public Task<Guid> PersonAsync(Guid? unitId, string firstName, string lastName, Action<Person>? configure = null, DateOnly? endedOn = null,
        DateOnly? startedOn = null) => factory.WithDbAsync(async (db, _) =>
    {
        var p = new Person { FirstName = firstName, LastName = lastName };
        configure?.Invoke(p);
        db.Add(p);
        if (unitId is { } unit)
            db.Add(new Membership { Person = p, UnitId = unit, StartedOn = startedOn ?? (endedOn ?? Today).AddYears(-1), EndedOn = endedOn });
        await db.SaveChangesAsync();
        _people.Add(p.Id);
        return p.Id;
    });

    /// <summary>An account for the person, signing in with the returned address.</summary>
    public Task<string> AccountAsync(Guid personId) => factory.WithDbAsync(async (db, sp) =>
    {
        var email = $"egna-{Guid.NewGuid():N}@prov.test";
        _emails.Add(email);
        var users = sp.GetRequiredService<UserManager<User>>();
        var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, PersonId = personId });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    });

    public Task TagAsync(Guid personId, string name) => factory.WithDbAsync(async (db, _) =>
    {
        db.Add(new PersonTag { PersonId = personId, Name = name });
        await db.SaveChangesAsync();
    });

    public Task CareStepAsync(Guid personId, Guid unitId, string? note) => factory.WithDbAsync(async (db, _) =>
    {
        db.Add(new CareStep { PersonId = personId, UnitId = unitId, Queue = CareQueue.New, DoneOn = Today.AddDays(-3), Note = note });
        await db.SaveChangesAsync();
    });

    public Task<Guid> CallListAsync(Guid unitId, string name, params (Guid PersonId, CallOutcome? Outcome, string? Note)[] entries) => factory.WithDbAsync(async (db, _) =>
    {
        var list = new CallList { UnitId = unitId, Name = name, Purpose = "Välkomna nya medlemmar" };
        var position = 0;
        foreach (var (personId, outcome, note) in entries)
            list.Entries.Add(new CallListEntry { PersonId = personId, Position = position++, Outcome = outcome, Note = note, Attempts = outcome is null ? 0 : 1,
                CalledAt = outcome is null ? null : DateTimeOffset.UtcNow.AddDays(-1) });
        db.Add(list);
        await db.SaveChangesAsync();
        _callLists.Add(list.Id);
        return list.Id;
    });

    public Task<Guid> ProspectAsync(Guid unitId, Guid personId, DateOnly consentOn) => factory.WithDbAsync(async (db, _) =>
    {
        var prospect = new Prospect { UnitId = unitId, PersonId = personId, ConsentGivenOn = consentOn, Source = ProspectSource.Stall,
            SourceNote = "Bokbord Stortorget", ConsentText = "Jag vill bli kontaktad om medlemskap i Vänsterpartiet." };
        db.Add(prospect);
        await db.SaveChangesAsync();
        _prospects.Add(prospect.Id);
        return prospect.Id;
    });

    public void Forget(Guid personId) => _people.Remove(personId);

    public async ValueTask DisposeAsync()
    {
        await factory.WithDbAsync(async (db, _) =>
        {
            var people = _people.ToList();
            var lists = _callLists.ToList();
            var prospects = _prospects.ToList();
            var emails = _emails.ToList();
            var districts = _districts.ToList();
            await db.Set<CallList>().Where(l => lists.Contains(l.Id)).ExecuteDeleteAsync();
            await db.Set<Prospect>().Where(p => prospects.Contains(p.Id) || (p.PersonId != null && people.Contains(p.PersonId.Value))).ExecuteDeleteAsync();
            await db.Users.Where(u => emails.Contains(u.Email!) || (u.PersonId != null && people.Contains(u.PersonId.Value))).ExecuteDeleteAsync();
            await db.Set<CareStep>().Where(s => people.Contains(s.PersonId)).ExecuteDeleteAsync();
            await db.Set<Person>().Where(p => people.Contains(p.Id)).ExecuteDeleteAsync();
            await db.Set<RetentionRun>().Where(r => districts.Contains(r.DistrictId)).ExecuteDeleteAsync();
        });
        await Units.DisposeAsync();
        // The units went with set-based deletes, which the app's cached unit tree does not notice by itself.
        Distrikt.Features.Units.UnitDirectory.Invalidate();
    }
}
