using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.Liaisons;
using Distrikt.Features.People;
using Distrikt.Features.Recruitment;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.OwnData;

/// <summary>
/// Everything Distrikt holds about one person, read for that person (GDPR art. 15, the right of access). The page,
/// the JSON file and the PDF are all made from this one record, so what the member reads on screen is what the
/// files contain. Other people appear only as the units and lists the person is part of: who wrote a care step or
/// rang them is the volunteer's data, not the member's.
/// </summary>
public sealed record OwnDataReport(
    DateTimeOffset MadeAt,
    OwnDataReport.PersonPart Person,
    IReadOnlyList<OwnDataReport.MembershipPart> Memberships,
    IReadOnlyList<OwnDataReport.AssignmentPart> Assignments,
    IReadOnlyList<string> Tags,
    IReadOnlyList<OwnDataReport.ConsentPart> RecruitmentConsents,
    IReadOnlyList<OwnDataReport.CareStepPart> CareSteps,
    IReadOnlyList<OwnDataReport.CallPart> CallsAboutYou,
    IReadOnlyList<OwnDataReport.CallerPart> CallListsYouCallFrom,
    IReadOnlyList<OwnDataReport.LiaisonPart> LiaisonRoles,
    IReadOnlyList<OwnDataReport.LiaisonContactPart> LiaisonContactsYouLogged,
    IReadOnlyList<string> ContactPersonFor,
    IReadOnlyList<OwnDataReport.RegistrationPart> Registrations,
    OwnDataReport.AccountPart? Account,
    int AuditEntriesAboutYou,
    OwnDataReport.RetentionPart Retention)
{
    public sealed record PersonPart(Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? StreetAddress, string? PostalCode,
        string? City, string? MunicipalityCode, string? Municipality, string? MemberNumber, DateOnly? BirthDate, DateOnly? DoNotContactSince,
        DateOnly? MinimisedOn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record MembershipPart(string Unit, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough);
    public sealed record AssignmentPart(string Type, string Unit, DateOnly StartsOn, DateOnly? EndsOn);
    public sealed record ConsentPart(string Unit, string Source, string? SourceNote, DateOnly ConsentGivenOn, string ConsentText, DateOnly? JoinedOn, DateOnly? ErasedOn);
    public sealed record CareStepPart(string Queue, string Unit, DateOnly DoneOn, string? Note);
    public sealed record CallPart(string CallList, string Unit, string? Outcome, string? EngageIn, string? Note, int Attempts, DateTimeOffset? CalledAt);
    public sealed record CallerPart(string CallList, string Unit, DateTimeOffset AddedAt, bool Open);
    public sealed record LiaisonPart(string Unit, int RhythmDays, DateOnly StartsOn, DateOnly? EndsOn);
    public sealed record LiaisonContactPart(string Unit, DateOnly ContactedOn, string Channel, string? Note);
    /// <summary>A registration for a gathering: status, children's ages and needs, and the answers given.</summary>
    public sealed record RegistrationPart(string Gathering, DateTimeOffset? StartsAt, string Status, DateTimeOffset RegisteredAt, DateTimeOffset? CheckedInAt,
        IReadOnlyList<int> ChildAges, string? ChildcareNeeds, IReadOnlyList<string> Answers);
    public sealed record PasskeyPart(string? Name, DateTimeOffset CreatedAt);
    public sealed record AccountPart(string? Email, bool EmailLinkSignIn, bool TwoFactorCode, IReadOnlyList<PasskeyPart> Passkeys, DateTimeOffset? LockedUntil);
    public sealed record RetentionPart(string District, int FormerMemberRetentionDays, int ProspectRetentionDays);

    /// <summary>The number of things listed, for the audit entry ("what and how many").</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int ItemCount => Memberships.Count + Assignments.Count + Tags.Count + RecruitmentConsents.Count + CareSteps.Count + CallsAboutYou.Count
        + CallListsYouCallFrom.Count + LiaisonRoles.Count + LiaisonContactsYouLogged.Count + ContactPersonFor.Count + Registrations.Count;

    public static async Task<OwnDataReport?> ForAsync(DistriktDb db, Guid personId, Guid? userId, DateTimeOffset now, CancellationToken ct)
    {
        var p = await db.Set<Person>().AsNoTracking().Where(x => x.Id == personId)
            .Select(x => new { Person = x, Tags = x.Tags.Select(t => t.Name).ToList() })
            .FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var directory = await UnitDirectory.GetAsync(db, ct);
        string Unit(Guid id) => directory.Units.TryGetValue(id, out var u) ? u.Name : "okänd enhet";
        var person = p.Person;

        var memberships = await db.Set<Membership>().AsNoTracking().Where(m => m.PersonId == personId)
            .Select(m => new { m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough }).ToListAsync(ct);
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.PersonId == personId)
            .Select(a => new { Type = a.AssignmentType!.Name, a.UnitId, a.StartsOn, a.EndsOn }).ToListAsync(ct);
        var consents = await db.Set<Prospect>().AsNoTracking().Where(x => x.PersonId == personId)
            .Select(x => new { x.UnitId, x.Source, x.SourceNote, x.ConsentGivenOn, x.ConsentText, x.JoinedOn, x.ErasedOn }).ToListAsync(ct);
        var care = await db.Set<CareStep>().AsNoTracking().Where(s => s.PersonId == personId)
            .Select(s => new { s.Queue, s.UnitId, s.DoneOn, s.Note }).ToListAsync(ct);
        var calls = await db.Set<CallListEntry>().AsNoTracking().Where(e => e.PersonId == personId)
            .Join(db.Set<CallList>(), e => e.CallListId, l => l.Id, (e, l) => new { l.Name, l.UnitId, e.Outcome, e.EngageIn, e.Note, e.Attempts, e.CalledAt })
            .ToListAsync(ct);
        var callerOn = await db.Set<CallListCaller>().AsNoTracking().Where(c => c.PersonId == personId)
            .Join(db.Set<CallList>(), c => c.CallListId, l => l.Id, (c, l) => new { l.Name, l.UnitId, c.AddedAt, l.ClosedAt })
            .ToListAsync(ct);
        var liaisons = await db.Set<Liaison>().AsNoTracking().Where(l => l.PersonId == personId)
            .Select(l => new { l.UnitId, l.RhythmDays, l.StartsOn, l.EndsOn }).ToListAsync(ct);
        var contacts = await db.Set<LiaisonContact>().AsNoTracking().Where(c => c.LiaisonPersonId == personId)
            .Select(c => new { c.UnitId, c.ContactedOn, c.Channel, c.Note }).ToListAsync(ct);
        var contactFor = await db.Set<AssociationContact>().AsNoTracking().Where(c => c.PersonId == personId).Select(c => c.UnitId).ToListAsync(ct);
        var audits = await db.AuditLog.AsNoTracking().CountAsync(e => e.SubjectType == "Person" && e.SubjectId == personId.ToString(), ct);

        AccountPart? account = null;
        var user = await db.Users.AsNoTracking().Where(u => u.PersonId == personId)
            .Select(u => new { u.Id, u.Email, u.TwoFactorEnabled, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        if (user is not null)
        {
            var passkeys = await db.UserPasskeys.AsNoTracking().Where(k => k.UserId == user.Id)
                .Select(k => k.Data).ToListAsync(ct);
            account = new AccountPart(user.Email, EmailLinkSignIn: user.Email is not null, user.TwoFactorEnabled,
                passkeys.Select(d => new PasskeyPart(d.Name, d.CreatedAt)).OrderBy(k => k.CreatedAt).ToList(),
                user.LockoutEnd is { } end && end > now ? end : null);
        }

        var registrations = await db.Set<Gatherings.Registration>().AsNoTracking().Where(r => r.PersonId == personId)
            .Select(r => new
            {
                r.Gathering!.Title, StartsAt = r.Gathering.Sessions.Min(s => (DateTimeOffset?)s.StartsAt), r.Status, r.RegisteredAt, r.CheckedInAt, r.ChildcareNeeds,
                Ages = r.Children.OrderBy(c => c.Order).Select(c => c.Age).ToList(),
                Answers = r.Answers.Join(db.Set<Gatherings.GatheringQuestion>(), a => a.QuestionId, q => q.Id, (a, q) => q.Text + ": " + a.Value).ToList(),
            }).ToListAsync(ct);

        var districtId = memberships.Select(m => directory.DistrictOf(m.UnitId)).Concat(assignments.Select(a => directory.DistrictOf(a.UnitId)))
            .Concat(consents.Select(c => directory.DistrictOf(c.UnitId))).FirstOrDefault(d => d is not null)
            ?? directory.Units.Values.Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefault();
        var settings = districtId is { } d ? await CareQueues.SettingsAsync(db, d, ct) : MemberCareSettings.DefaultsFor(Guid.Empty);

        return new OwnDataReport(
            now,
            new PersonPart(person.Id, person.FirstName, person.LastName, person.Email, person.Phone, person.StreetAddress, person.PostalCode, person.City,
                person.MunicipalityCode, SwedishGeography.FindMunicipality(person.MunicipalityCode)?.Name, person.MemberNumber, person.BirthDate,
                person.DoNotContactSince, person.MinimisedOn, person.CreatedAt, person.UpdatedAt),
            memberships.OrderByDescending(m => m.StartedOn).Select(m => new MembershipPart(Unit(m.UnitId), m.StartedOn, m.EndedOn, m.FeePaidThrough)).ToList(),
            assignments.OrderByDescending(a => a.StartsOn).Select(a => new AssignmentPart(a.Type, Unit(a.UnitId), a.StartsOn, a.EndsOn)).ToList(),
            p.Tags.Order(SwedishCollation.Comparer).ToList(),
            consents.OrderByDescending(c => c.ConsentGivenOn)
                .Select(c => new ConsentPart(Unit(c.UnitId), OwnDataLabels.Source(c.Source), c.SourceNote, c.ConsentGivenOn, c.ConsentText, c.JoinedOn, c.ErasedOn)).ToList(),
            care.OrderByDescending(s => s.DoneOn).Select(s => new CareStepPart(OwnDataLabels.Queue(s.Queue), Unit(s.UnitId), s.DoneOn, s.Note)).ToList(),
            calls.OrderByDescending(c => c.CalledAt)
                .Select(c => new CallPart(c.Name, Unit(c.UnitId), c.Outcome is { } o ? OwnDataLabels.Outcome(o) : null, c.EngageIn, c.Note, c.Attempts, c.CalledAt)).ToList(),
            callerOn.OrderByDescending(c => c.AddedAt).Select(c => new CallerPart(c.Name, Unit(c.UnitId), c.AddedAt, c.ClosedAt is null)).ToList(),
            liaisons.OrderByDescending(l => l.StartsOn).Select(l => new LiaisonPart(Unit(l.UnitId), l.RhythmDays, l.StartsOn, l.EndsOn)).ToList(),
            contacts.OrderByDescending(c => c.ContactedOn).Select(c => new LiaisonContactPart(Unit(c.UnitId), c.ContactedOn, OwnDataLabels.Channel(c.Channel), c.Note)).ToList(),
            contactFor.Select(Unit).Order(SwedishCollation.Comparer).ToList(),
            registrations.OrderByDescending(r => r.StartsAt).Select(r => new RegistrationPart(r.Title, r.StartsAt, Gatherings.Registrations.StatusText(r.Status),
                r.RegisteredAt, r.CheckedInAt, r.Ages, r.ChildcareNeeds, r.Answers)).ToList(),
            account,
            audits,
            new RetentionPart(districtId is { } known ? Unit(known) : "distriktet", settings.FormerMemberRetentionDays, settings.ProspectRetentionDays));
    }
}

/// <summary>The Swedish words for the stored codes, as the member reads them.</summary>
public static class OwnDataLabels
{
    public static string Queue(CareQueue q) => q switch
    {
        CareQueue.New => "Nya medlemmar (välkomnande)",
        CareQueue.Lapsing => "Obetald avgift (påminnelse)",
        CareQueue.Lapsed => "Nyligen utträdda",
        CareQueue.Returning => "Återkommande medlemmar",
        _ => "Medlemsvård",
    };

    public static string Outcome(CallOutcome o) => o switch
    {
        CallOutcome.Answered => "Svarade",
        CallOutcome.NoAnswer => "Inget svar",
        CallOutcome.WrongNumber => "Fel nummer",
        CallOutcome.DoNotContact => "Vill inte bli kontaktad",
        CallOutcome.WantsToEngage => "Vill engagera sig",
        _ => "Okänt",
    };

    public static string Channel(ContactChannel c) => c switch
    {
        ContactChannel.Phone => "Telefon",
        ContactChannel.Meeting => "Möte",
        ContactChannel.DigitalMeeting => "Digitalt möte",
        ContactChannel.Email => "E-post",
        ContactChannel.Message => "Meddelande",
        _ => "Annat",
    };

    public static string Source(ProspectSource s) => s switch
    {
        ProspectSource.Stall => "Bokbord, dörrknackning eller möte",
        ProspectSource.InterestForm => "Intresseformuläret på webben",
        ProspectSource.Campaign => "Kampanj",
        _ => "Annat",
    };
}
