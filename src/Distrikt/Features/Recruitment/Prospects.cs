using Distrikt.Features.CallLists;
using Distrikt.Features.Care;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Recruitment;

/// <summary>A contact as entered on a form, already checked and normalised by <see cref="ProspectForm"/>.</summary>
public sealed record ProspectInput(string FirstName, string LastName, string? Email, string? Phone, string? PostalCode, string? MunicipalityCode,
    ProspectSource Source, string? SourceNote, DateOnly ConsentGivenOn, string? Interest);

/// <summary>What recording a contact led to. The recorder is told the same in every case (see <see cref="Prospects.RecordAsync"/>).</summary>
public enum RecordResult
{
    Recorded,
    /// <summary>An open contact with the same e-mail or phone existed: its consent was renewed instead of a second one made.</summary>
    Renewed,
    /// <summary>The person is already a member (or, from the public form, a contact under another name): nothing stored.</summary>
    AlreadyMember,
}

/// <summary>An open contact in a "to recruit" queue.</summary>
public sealed class ProspectRow
{
    public Guid ProspectId { get; init; }
    public Guid PersonId { get; init; }
    public Guid UnitId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public ProspectSource Source { get; init; }
    public string? SourceNote { get; init; }
    public DateOnly ConsentGivenOn { get; init; }
    public DateOnly? DoNotContactSince { get; init; }
}

/// <summary>The rules of recruitment contacts: recording with consent, placing, joining on import, erasing.</summary>
public static class Prospects
{
    /// <summary>The consent a contact gives, in the words shown on the public form and confirmed by whoever records a contact.</summary>
    public static string ConsentText(string districtName, int retentionDays) =>
        $"Jag vill att {districtName} kontaktar mig om medlemskap och om att engagera mig. Mina uppgifter sparas i högst {retentionDays} dagar om jag inte blir medlem, och jag kan när som helst be att de raderas.";

    public static string SourceLabel(ProspectSource source) => source switch
    {
        ProspectSource.Stall => "Bokbord eller möte",
        ProspectSource.InterestForm => "Intresseanmälan på webben",
        ProspectSource.Campaign => "Kampanj",
        _ => "Annat",
    };

    public static IReadOnlyList<ProspectSource> Sources { get; } = [ProspectSource.Stall, ProspectSource.Campaign, ProspectSource.Other, ProspectSource.InterestForm];

    /// <summary>Open contacts (not joined, not erased) whose queue is one of the units.</summary>
    public static IQueryable<ProspectRow> Open(DistriktDb db, IReadOnlyCollection<Guid> units) =>
        db.Set<Prospect>().AsNoTracking()
            .Where(p => units.Contains(p.UnitId) && p.JoinedOn == null && p.ErasedOn == null && p.PersonId != null)
            .Select(p => new ProspectRow
            {
                ProspectId = p.Id, PersonId = p.PersonId!.Value, UnitId = p.UnitId, FirstName = p.Person!.FirstName, LastName = p.Person.LastName,
                Email = p.Person.Email, Phone = p.Person.Phone, Source = p.Source, SourceNote = p.SourceNote, ConsentGivenOn = p.ConsentGivenOn,
                DoNotContactSince = p.Person.DoNotContactSince,
            });

    /// <summary>
    /// The association whose queue a contact belongs in: the one covering the municipality (given, or found from the
    /// postal code), else the district itself, where staff place them by hand.
    /// </summary>
    public static async Task<Guid> PlaceAsync(DistriktDb db, Guid districtId, string? municipalityCode, CancellationToken ct)
    {
        if (municipalityCode is null) return districtId;
        var directory = await UnitDirectory.GetAsync(db, ct);
        var subtree = directory.Subtree(districtId).Select(u => u.Id).ToList();
        var unit = await db.Set<UnitMunicipality>().AsNoTracking()
            .Where(m => m.MunicipalityCode == municipalityCode && subtree.Contains(m.UnitId))
            .Select(m => (Guid?)m.UnitId).FirstOrDefaultAsync(ct);
        return unit ?? districtId;
    }

    /// <summary>
    /// Records a contact in a queue. Whether the person is already a member or already a contact is deliberately
    /// not told to the one recording it — a volunteer at a stall, or anyone on the public form — since that would
    /// reveal someone's membership (political opinion) to whoever types their e-mail address.
    /// </summary>
    /// <param name="anonymous">
    /// From the public form: anyone can type anyone's e-mail address there, so a known contact's consent is renewed only
    /// when the names match too, and nothing typed is written into the existing person.
    /// </param>
    public static async Task<(RecordResult Result, Guid? ProspectId)> RecordAsync(DistriktDb db, ProspectInput input, Guid unitId, string consentText,
        Guid? recordedById, bool anonymous, CancellationToken ct)
    {
        var today = input.ConsentGivenOn;
        var lastName = input.LastName.ToLower();
        // The same person: the same e-mail address, or the same phone number and last name (a phone may be a family's).
        var matches = db.Set<Person>().Where(p => (input.Email != null && p.Email != null && p.Email.ToLower() == input.Email.ToLower())
                                               || (input.Phone != null && p.Phone == input.Phone && p.LastName.ToLower() == lastName));
        var isMember = await matches.AnyAsync(p => p.Memberships.Any(m => m.StartedOn <= today && (m.EndedOn == null || m.EndedOn >= today)), ct);
        if (isMember) return (RecordResult.AlreadyMember, null);

        var existing = await db.Set<Prospect>().Include(p => p.Person)
            .Where(p => p.JoinedOn == null && p.ErasedOn == null && p.PersonId != null && matches.Any(m => m.Id == p.PersonId))
            .OrderByDescending(p => p.ConsentGivenOn).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            if (anonymous)
            {
                var person = existing.Person!;
                var sameName = string.Equals(person.FirstName, input.FirstName, StringComparison.CurrentCultureIgnoreCase)
                               && string.Equals(person.LastName, input.LastName, StringComparison.CurrentCultureIgnoreCase);
                if (!sameName) return (RecordResult.AlreadyMember, null);
                existing.ConsentGivenOn = input.ConsentGivenOn;
                existing.ConsentText = consentText;
                await db.SaveChangesAsync(ct);
                return (RecordResult.Renewed, existing.Id);
            }
            // A second sign-up renews the consent (and so the time before erasure) and fills in what was missing.
            existing.ConsentGivenOn = input.ConsentGivenOn;
            existing.ConsentText = consentText;
            existing.Source = input.Source;
            existing.SourceNote = input.SourceNote ?? existing.SourceNote;
            var known = existing.Person!;
            known.Email ??= input.Email;
            known.Phone ??= input.Phone;
            known.PostalCode ??= input.PostalCode;
            known.MunicipalityCode ??= input.MunicipalityCode;
            known.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(ct);
            return (RecordResult.Renewed, existing.Id);
        }

        var newPerson = new Person
        {
            FirstName = input.FirstName, LastName = input.LastName, Email = input.Email, Phone = input.Phone,
            PostalCode = input.PostalCode, MunicipalityCode = input.MunicipalityCode,
            City = SwedishGeography.FindMunicipality(input.MunicipalityCode)?.Name,
        };
        var prospect = new Prospect
        {
            Person = newPerson, UnitId = unitId, Source = input.Source, SourceNote = input.SourceNote,
            ConsentGivenOn = input.ConsentGivenOn, ConsentText = consentText, RecordedById = recordedById,
        };
        db.Add(newPerson);
        db.Add(prospect);
        if (input.Interest is { } interest) db.Add(new PersonTag { PersonId = newPerson.Id, Name = interest });
        await db.SaveChangesAsync(ct);
        return (RecordResult.Recorded, prospect.Id);
    }

    /// <summary>
    /// After a register import: an open contact whose e-mail or phone now belongs to a current member has joined.
    /// The member is the same human, so the contact's person is folded into the member — tags, do-not-contact and
    /// call-list history move over — and the prospect row points to the member, marked as joined today.
    /// </summary>
    public static async Task<int> MarkJoinedAsync(DistriktDb db, Guid districtId, DateOnly today, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        var subtree = directory.Subtree(districtId).Select(u => u.Id).ToList();
        var open = await db.Set<Prospect>().AsNoTracking()
            .Where(p => subtree.Contains(p.UnitId) && p.JoinedOn == null && p.ErasedOn == null && p.PersonId != null)
            .Select(p => new { p.Id, PersonId = p.PersonId!.Value, p.Person!.Email, p.Person.Phone, p.Person.LastName })
            .ToListAsync(ct);
        if (open.Count == 0) return 0;
        var emails = open.Where(p => p.Email != null).Select(p => p.Email!.ToLowerInvariant()).Distinct().ToList();
        var phones = open.Where(p => p.Phone != null).Select(p => p.Phone!).Distinct().ToList();
        var prospectPeople = open.Select(p => p.PersonId).ToList();
        // First the people with one of those addresses or numbers (two index lookups), then which of them are members
        // today. As one statement, PostgreSQL planned it from the memberships' side right after an import had loaded
        // 100,000 rows it had no statistics for yet, and probed every member (0.4 s instead of 1 ms).
        var candidates = (await db.Set<Person>().AsNoTracking()
                .Where(p => (p.Email != null && emails.Contains(p.Email.ToLower())) || (p.Phone != null && phones.Contains(p.Phone)))
                .Select(p => new { p.Id, p.Email, p.Phone, p.LastName, p.DoNotContactSince })
                .ToListAsync(ct))
            .Where(p => !prospectPeople.Contains(p.Id)).ToList();
        var candidateIds = candidates.Select(p => p.Id).ToList();
        var current = (await db.Set<Membership>().AsNoTracking()
                .Where(m => candidateIds.Contains(m.PersonId) && subtree.Contains(m.UnitId))
                .Where(MembershipQueries.CurrentOn(today))
                .Select(m => m.PersonId).ToListAsync(ct))
            .ToHashSet();
        var members = candidates.Where(p => current.Contains(p.Id)).ToList();
        if (members.Count == 0) return 0;

        var joined = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var prospect in open)
        {
            // An e-mail address is one person's; a phone number may be a family's landline, so it needs the last name too.
            var member = members.FirstOrDefault(m => prospect.Email != null && string.Equals(m.Email, prospect.Email, StringComparison.OrdinalIgnoreCase))
                      ?? members.FirstOrDefault(m => prospect.Phone != null && m.Phone == prospect.Phone
                                                     && string.Equals(m.LastName, prospect.LastName, StringComparison.CurrentCultureIgnoreCase));
            if (member is null) continue;
            var from = prospect.PersonId;
            var to = member.Id;
            var memberTags = await db.Set<PersonTag>().Where(t => t.PersonId == to).Select(t => t.Name).ToListAsync(ct);
            foreach (var tag in await db.Set<PersonTag>().AsNoTracking().Where(t => t.PersonId == from && !memberTags.Contains(t.Name)).Select(t => t.Name).ToListAsync(ct))
                db.Add(new PersonTag { PersonId = to, Name = tag });
            var doNotContact = await db.Set<Person>().Where(p => p.Id == from).Select(p => p.DoNotContactSince).FirstAsync(ct);
            if (doNotContact is { } since && (member.DoNotContactSince is null || since < member.DoNotContactSince))
                await db.Set<Person>().Where(p => p.Id == to).ExecuteUpdateAsync(s => s.SetProperty(p => p.DoNotContactSince, since), ct);
            await db.SaveChangesAsync(ct);
            await db.Set<CallListEntry>().Where(e => e.PersonId == from).ExecuteUpdateAsync(s => s.SetProperty(e => e.PersonId, to), ct);
            await db.Set<CareStep>().Where(s => s.PersonId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.PersonId, to), ct);
            await db.Set<Prospect>().Where(p => p.Id == prospect.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.PersonId, to).SetProperty(p => p.JoinedOn, today), ct);
            await db.Set<Person>().Where(p => p.Id == from && !p.Memberships.Any()
                    && !db.Set<Assignments.Assignment>().Any(a => a.PersonId == p.Id) && !db.Set<Accounts.User>().Any(u => u.PersonId == p.Id))
                .ExecuteDeleteAsync(ct);
            db.ChangeTracker.Clear();
            joined++;
        }
        await tx.CommitAsync(ct);
        return joined;
    }
}
