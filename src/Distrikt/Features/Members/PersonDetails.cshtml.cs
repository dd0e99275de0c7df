using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Members;

/// <summary>
/// One person: contact details, memberships, assignments and tags. The route carries a person, not a unit, so
/// the permission attribute only proves the right to see people somewhere; <see cref="PersonAccess"/> then
/// decides whether that right reaches this person. A refusal looks the same whether or not the person exists.
/// Every view is audit-logged by person id; adding and removing tags needs the right to change people.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class PersonDetailsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string TagField = "tagg";
    public const int MaxTagLength = 60;

    public sealed record MembershipLine(string UnitName, DateOnly StartedOn, DateOnly? EndedOn, DateOnly? FeePaidThrough);
    public sealed record AssignmentLine(string TypeName, Guid UnitId, string UnitName, DateOnly StartsOn, DateOnly? EndsOn);

    public Guid PersonId { get; private set; }
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public string? MemberNumber { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public string? StreetAddress { get; private set; }
    public string? PostalCode { get; private set; }
    public string? City { get; private set; }
    public string? Municipality { get; private set; }
    public IReadOnlyList<MembershipLine> Memberships { get; private set; } = [];
    public IReadOnlyList<AssignmentLine> CurrentAssignments { get; private set; } = [];
    public IReadOnlyList<AssignmentLine> EndedAssignments { get; private set; } = [];
    public IReadOnlyList<string> Tags { get; private set; } = [];
    public IReadOnlyList<string> TagSuggestions { get; private set; } = [];
    public bool CanManage { get; private set; }
    /// <summary>Whether to offer the erase page; the page itself decides whether this person is within reach.</summary>
    public bool MayOfferErasure { get; private set; }
    public DateOnly Today { get; private set; }
    public FieldErrors Errors { get; } = new();

    [BindProperty(SupportsGet = true, Name = "tillbaka")] public string? ReturnUrl { get; set; }
    [BindProperty(Name = TagField)] public string? NewTag { get; set; }

    public string FullName => $"{FirstName} {LastName}";

    /// <summary>The member list the person was opened from, with its filters; only addresses of member lists are followed.</summary>
    public string? BackUrl => ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith("/enheter/", StringComparison.Ordinal) && url.Contains("/medlemmar", StringComparison.Ordinal) ? url : null;

    public async Task<IActionResult> OnGetAsync(Guid personId)
    {
        if (!await MayAsync(personId, Permission.ViewPeople)) return Forbid();
        if (!await LoadAsync(personId)) return Forbid();
        await RecordViewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAddTagAsync(Guid personId)
    {
        if (!await MayAsync(personId, Permission.ManagePeople)) return Forbid();
        var ct = HttpContext.RequestAborted;
        var tag = string.Join(' ', (NewTag ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var existing = await db.Set<PersonTag>().Where(t => t.PersonId == personId).Select(t => t.Name).ToListAsync(ct);
        if (tag.Length == 0) Errors.Add(TagField, "Skriv taggen du vill lägga till.");
        else if (tag.Length > MaxTagLength) Errors.Add(TagField, $"En tagg får vara högst {MaxTagLength} tecken; den här är {tag.Length}.");
        else if (tag.Any(char.IsControl) || CsvWriter.StartsLikeFormula(tag)) Errors.Add(TagField, "En tagg kan inte börja med = + - @ eller innehålla radbrytningar.");
        else if (existing.Any(t => string.Equals(t, tag, StringComparison.CurrentCultureIgnoreCase)))
            Errors.Add(TagField, $"{await NameAsync(personId)} har redan taggen ”{tag}”.");
        if (Errors.Any)
        {
            // The page is shown again with what was typed, so nothing is lost; that is a view like any other.
            if (!await LoadAsync(personId)) return Forbid();
            await RecordViewAsync();
            return Page();
        }
        // The spelling already in use wins, so the filter does not end up with "Valarbetare" beside "valarbetare".
        var suggestions = await SuggestionsAsync(ct);
        tag = suggestions.FirstOrDefault(s => string.Equals(s, tag, StringComparison.CurrentCultureIgnoreCase)) ?? tag;
        db.Add(new PersonTag { PersonId = personId, Name = tag });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same tag added at the same moment from another window: it is there, which is what was asked for.
            TempData["Message"] = $"Taggen ”{tag}” fanns redan.";
            return Redirect(SelfUrl(personId));
        }
        MemberListChoicesCache.Forget();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Person", personId.ToString(), $"Lade till taggen ”{tag}”", ct);
        TempData["Message"] = $"Taggen ”{tag}” är tillagd.";
        return Redirect(SelfUrl(personId));
    }

    public async Task<IActionResult> OnPostRemoveTagAsync(Guid personId, [FromForm(Name = "namn")] string? name)
    {
        if (!await MayAsync(personId, Permission.ManagePeople)) return Forbid();
        var ct = HttpContext.RequestAborted;
        var removed = name is null ? 0 : await db.Set<PersonTag>().Where(t => t.PersonId == personId && t.Name == name).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            MemberListChoicesCache.Forget();
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Person", personId.ToString(), $"Tog bort taggen ”{name}”", ct);
            TempData["Message"] = $"Taggen ”{name}” är borttagen.";
        }
        return Redirect(SelfUrl(personId));
    }

    private string SelfUrl(Guid personId) => $"/personer/{personId}" + (BackUrl is { } back ? "?tillbaka=" + Uri.EscapeDataString(back) : "");

    private async Task<bool> MayAsync(Guid personId, Permission permission)
    {
        var access = await accessResolver.GetAsync(HttpContext.RequestAborted);
        Today = SwedishFormat.Today(clock);
        return await PersonAccess.ReachesAsync(db, access, personId, permission, Today, HttpContext.RequestAborted);
    }

    private Task<string> NameAsync(Guid personId) =>
        db.Set<Person>().Where(p => p.Id == personId).Select(p => p.FirstName + " " + p.LastName).SingleAsync(HttpContext.RequestAborted);

    private async Task<bool> LoadAsync(Guid personId)
    {
        var ct = HttpContext.RequestAborted;
        var person = await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new
            {
                p.Id, p.FirstName, p.LastName, p.MemberNumber, p.BirthDate, p.Email, p.Phone, p.StreetAddress, p.PostalCode, p.City, p.MunicipalityCode,
                Tags = p.Tags.Select(t => t.Name).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (person is null) return false;
        var directory = await UnitDirectory.GetAsync(db, ct);
        string UnitName(Guid id) => directory.Units.TryGetValue(id, out var u) ? u.Name : "okänd enhet";

        PersonId = person.Id;
        FirstName = person.FirstName;
        LastName = person.LastName;
        MemberNumber = person.MemberNumber;
        BirthDate = person.BirthDate;
        Email = person.Email;
        Phone = person.Phone;
        StreetAddress = person.StreetAddress;
        PostalCode = MemberExport.PostalCode(person.PostalCode);
        City = person.City;
        Municipality = SwedishGeography.FindMunicipality(person.MunicipalityCode)?.ShortName;
        Tags = person.Tags.Order(SwedishCollation.Comparer).ToList();

        var memberships = await db.Set<Membership>().AsNoTracking().Where(m => m.PersonId == personId)
            .Select(m => new { m.UnitId, m.StartedOn, m.EndedOn, m.FeePaidThrough }).ToListAsync(ct);
        Memberships = memberships
            .OrderBy(m => m.EndedOn is null ? 0 : 1).ThenByDescending(m => m.EndedOn).ThenByDescending(m => m.StartedOn)
            .Select(m => new MembershipLine(UnitName(m.UnitId), m.StartedOn, m.EndedOn, m.FeePaidThrough)).ToList();

        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.PersonId == personId)
            .Select(a => new AssignmentLine(a.AssignmentType!.Name, a.UnitId, "", a.StartsOn, a.EndsOn)).ToListAsync(ct);
        var lines = assignments.Select(a => a with { UnitName = UnitName(a.UnitId) }).ToList();
        CurrentAssignments = lines.Where(a => a.EndsOn is null || a.EndsOn >= Today).OrderBy(a => a.StartsOn).ToList();
        EndedAssignments = lines.Where(a => a.EndsOn < Today).OrderByDescending(a => a.EndsOn).ToList();

        CanManage = await MayAsync(personId, Permission.ManagePeople);
        MayOfferErasure = Erasure.ErasureAccess.MayEraseAnyone(await accessResolver.GetAsync(HttpContext.RequestAborted));
        if (CanManage) TagSuggestions = (await SuggestionsAsync(ct)).Except(Tags).ToList();
        return true;
    }

    /// <summary>Tags already used among the people the viewer may change, offered while typing so everyone spells them alike.</summary>
    private async Task<IReadOnlyList<string>> SuggestionsAsync(CancellationToken ct)
    {
        var access = await accessResolver.GetAsync(ct);
        var directory = await UnitDirectory.GetAsync(db, ct);
        var all = new List<string>();
        foreach (var top in access.UnitsWith(Permission.ManagePeople))
        {
            var choices = await MemberListChoicesCache.GetAsync(db, top, MemberList.Scope(directory, top), ct);
            all.AddRange(choices.Tags);
        }
        return all.Distinct().Order(SwedishCollation.Comparer).ToList();
    }

    private async Task RecordViewAsync() =>
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Person", PersonId.ToString(),
            $"Visade personsidan ({Memberships.Count} medlemskap, {CurrentAssignments.Count + EndedAssignments.Count} uppdrag)", HttpContext.RequestAborted);
}
