using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// Appoints a person to an assignment in a unit: find the person by name, choose the assignment and the dates.
/// Only people the appointer already deals with can be found — members of, or assignment holders in, the units
/// where they may appoint — so the search never becomes a way to look up anyone in the register.
/// </summary>
[RequirePermission(Permission.ManageAssignments)]
public sealed class AppointModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxResults = 50;
    public const string PersonField = "person";
    public const string TypeField = "type";
    public const string StartsField = "starts-on";
    public const string EndsField = "ends-on";

    public sealed record Candidate(Guid Id, string Name, string Memberships);
    public sealed record TypeOption(Guid Id, string Name);

    [BindProperty(SupportsGet = true, Name = "sok")] public string? Search { get; set; }
    [BindProperty] public Guid? PersonId { get; set; }
    [BindProperty] public Guid? TypeId { get; set; }
    [BindProperty] public string? StartsOn { get; set; }
    [BindProperty] public string? EndsOn { get; set; }

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public UnitKind UnitKind { get; private set; }
    public IReadOnlyList<TypeOption> Types { get; private set; } = [];
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];
    public bool Searched { get; private set; }
    public bool MoreResults { get; private set; }
    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        StartsOn ??= SwedishFormat.Date(SwedishFormat.Today(clock));
        await SearchAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId)) return NotFound();
        var today = SwedishFormat.Today(clock);

        var person = PersonId is { } pid
            ? await Eligible(await accessResolver.GetAsync(ct), today).Where(p => p.Id == pid)
                .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName }).FirstOrDefaultAsync(ct)
            : null;
        if (PersonId is null) Errors.Add(PersonField, "Välj vem som ska ha uppdraget.");
        else if (person is null) Errors.Add(PersonField, "Personen finns inte bland dem du kan tillsätta uppdrag för. Sök igen.");

        var type = TypeId is { } tid ? await db.Set<AssignmentType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tid, ct) : null;
        if (type is null) Errors.Add(TypeField, "Välj vilket uppdrag personen ska ha.");
        else if (type.UnitKind is { } kind && kind != UnitKind)
            Errors.Add(TypeField, $"Uppdraget {type.Name} finns bara i enheter av typen {UnitTree.KindLabel(kind).ToLower(SwedishFormat.Culture)}.");

        var starts = DateInput.Read(StartsOn, StartsField, "startdatum", required: true, Errors);
        var ends = DateInput.Read(EndsOn, EndsField, "slutdatum", required: false, Errors);
        if (starts is { } s && ends is { } e && e < s) Errors.Add(EndsField, DateInput.EndBeforeStart);

        if (!Errors.Any && person is not null && type is not null && starts is { } from)
        {
            // The same person twice in the same seat at the same time is a mistake, not a second mandate.
            var overlapping = await db.Set<Assignment>().AsNoTracking()
                .Where(a => a.PersonId == person.Id && a.UnitId == unitId && a.AssignmentTypeId == type.Id
                            && (a.EndsOn == null || a.EndsOn >= from) && (ends == null || a.StartsOn <= ends))
                .Select(a => new { a.StartsOn, a.EndsOn }).FirstOrDefaultAsync(ct);
            if (overlapping is not null)
                Errors.Add(TypeField, $"{person.Name} har redan uppdraget {type.Name.ToLower(SwedishFormat.Culture)} i {UnitName} från {SwedishFormat.Date(overlapping.StartsOn)}"
                    + (overlapping.EndsOn is { } until ? $" till och med {SwedishFormat.Date(until)}." : " tills vidare."));
        }
        if (Errors.Any || person is null || type is null || starts is null)
        {
            await SearchAsync();
            return Page();
        }

        var assignment = new Assignment { PersonId = person.Id, UnitId = unitId, AssignmentTypeId = type.Id, StartsOn = starts.Value, EndsOn = ends };
        db.Add(assignment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            Errors.Add(FieldErrors.Form, "Uppdraget kunde inte sparas. Kontrollera datumen och försök igen.");
            await SearchAsync();
            return Page();
        }

        var period = ends is { } last ? $"{SwedishFormat.Date(starts.Value)} till och med {SwedishFormat.Date(last)}" : $"från {SwedishFormat.Date(starts.Value)} tills vidare";
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Uppdrag", assignment.Id.ToString(),
            $"Uppdrag: {type.Name} i {UnitName} för {person.Name}, {period}", ct);
        TempData["Message"] = $"{person.Name} är tillsatt som {type.Name.ToLower(SwedishFormat.Culture)} i {UnitName}.";
        var access = await accessResolver.GetAsync(ct);
        return access.Can(Permission.ViewPeople, unitId) ? Redirect($"/enheter/{unitId}") : Redirect($"/enheter/{unitId}/uppdrag/nytt");
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var unit = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Id, u.Name, u.Kind }).FirstOrDefaultAsync(ct);
        if (unit is null) return false;
        UnitId = unit.Id;
        UnitName = unit.Name;
        UnitKind = unit.Kind;
        var types = await db.Set<AssignmentType>().AsNoTracking()
            .Where(t => t.UnitKind == null || t.UnitKind == unit.Kind)
            .Select(t => new TypeOption(t.Id, t.Name)).ToListAsync(ct);
        Types = types.OrderBy(t => t.Name, SwedishCollation.Comparer).ToList();
        return true;
    }

    /// <summary>
    /// People the appointer may appoint: current members of, or holders of a current or coming assignment in,
    /// a unit where the appointer has the right to appoint.
    /// </summary>
    private IQueryable<Person> Eligible(Access access, DateOnly today)
    {
        var reach = access.UnitsReachedBy(Permission.ManageAssignments).ToList();
        return db.Set<Person>().AsNoTracking().Where(p =>
            db.Set<Membership>().Any(m => m.PersonId == p.Id && reach.Contains(m.UnitId) && (m.EndedOn == null || m.EndedOn >= today))
            || db.Set<Assignment>().Any(a => a.PersonId == p.Id && reach.Contains(a.UnitId) && (a.EndsOn == null || a.EndsOn >= today)));
    }

    private async Task SearchAsync()
    {
        var ct = HttpContext.RequestAborted;
        var terms = (Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0) return;
        if (terms.Sum(t => t.Length) < 2)
        {
            Errors.Add("sok", "Skriv minst två bokstäver av namnet.");
            return;
        }
        Searched = true;
        var today = SwedishFormat.Today(clock);
        var query = Eligible(await accessResolver.GetAsync(ct), today);
        foreach (var term in terms.Take(4))
        {
            // Names are stored capitalised; comparing the typed text, its lower case and its capitalised form
            // finds "åkesson" in "Åkesson" on both databases without a case-folding function of their own.
            var lower = term.ToLower(SwedishFormat.Culture);
            var capital = lower.Length > 0 ? char.ToUpper(lower[0], SwedishFormat.Culture) + lower[1..] : lower;
            query = query.Where(p => p.FirstName.Contains(term) || p.LastName.Contains(term)
                                     || p.FirstName.Contains(lower) || p.LastName.Contains(lower)
                                     || p.FirstName.Contains(capital) || p.LastName.Contains(capital));
        }
        var found = await query.OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, p.FirstName, p.LastName }).Take(MaxResults + 1).ToListAsync(ct);
        MoreResults = found.Count > MaxResults;
        found = found.Take(MaxResults).ToList();

        var ids = found.Select(p => p.Id).ToList();
        if (PersonId is { } chosen && !ids.Contains(chosen)) PersonId = null;
        var memberships = await db.Set<Membership>().AsNoTracking()
            .Where(MembershipQueries.CurrentOn(today))
            .Where(m => ids.Contains(m.PersonId))
            .Select(m => new { m.PersonId, m.Unit!.Name }).ToListAsync(ct);
        var byPerson = memberships.ToLookup(m => m.PersonId, m => m.Name);
        // Sorted again in memory: the same Swedish order as the database, also where names are equal.
        Candidates = found
            .OrderBy(p => p.LastName, SwedishCollation.Comparer).ThenBy(p => p.FirstName, SwedishCollation.Comparer)
            .Select(p => new Candidate(p.Id, p.FirstName + " " + p.LastName,
                string.Join(", ", byPerson[p.Id].Order(SwedishCollation.Comparer))))
            .ToList();

        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Person", null,
            $"Sökte personer att tillsätta i {UnitName}: {Candidates.Count} träffar", ct);
    }
}
