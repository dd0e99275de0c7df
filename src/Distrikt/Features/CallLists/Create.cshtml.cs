using Distrikt.Features.Care;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.CallLists;

/// <summary>
/// Makes a call list from a care queue, the "to recruit" queue or the member list's filter. The form first shows
/// how many people the list will hold and how many it leaves out and why (asked not to be contacted, no phone
/// number); the people are read again when the list is made, so the list holds who qualifies at that moment.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class CreateModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string NameField = "name";
    public const string PurposeField = "purpose";
    public const string CallersField = "callers";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public List<Guid> CallerIds { get; set; } = [];

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public CallListSource Source { get; private set; } = null!;
    public string SourceDescription { get; private set; } = "";
    public CallListSelection Selection { get; private set; } = new([], 0, 0);
    public IReadOnlyList<EligibleCaller> Eligible { get; private set; } = [];
    public FieldErrors Errors { get; } = new();

    /// <summary>Where the page was reached from, for "Avbryt".</summary>
    public string BackUrl => Source.Queue is null && !Source.Recruitment ? $"/enheter/{UnitId}/medlemmar{Source.Filter.ToQueryString()}" : $"/enheter/{UnitId}/ringlistor";

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        Name ??= SuggestedName();
        Purpose ??= Source.Queue switch
        {
            CareQueue.New => "Hälsa välkommen som ny medlem, berätta när föreningen träffas nästa gång och fråga om hen vill vara med i något.",
            CareQueue.Lapsing => "Påminn om medlemsavgiften och fråga om något hindrar. Var vänlig – det är lätt att glömma.",
            CareQueue.Lapsed => "Fråga varför medlemskapet tog slut och om hen vill komma tillbaka.",
            CareQueue.Returning => "Hälsa välkommen tillbaka och fråga vad hen vill göra i föreningen.",
            _ => "",
        };
        // The form names the district's office holders who may call: a view of people, logged by count.
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Ringlista", UnitId.ToString(),
            $"Öppnade formuläret för en ny ringlista: {Eligible.Count} möjliga ringare visade", HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId)) return NotFound();
        var name = Name?.Trim() ?? "";
        var purpose = Purpose?.Trim() ?? "";
        if (name.Length == 0) Errors.Add(NameField, "Skriv ett namn på listan, till exempel ”Välkomstsamtal november”.");
        else if (name.Length > 200) Errors.Add(NameField, "Namnet får vara högst 200 tecken.");
        if (purpose.Length > 4000) Errors.Add(PurposeField, "Syftet får vara högst 4 000 tecken.");
        var eligible = Eligible.Select(c => c.PersonId).ToHashSet();
        var callers = CallerIds.Distinct().ToList();
        if (callers.Any(c => !eligible.Contains(c)))
            Errors.Add(CallersField, "Någon av de valda ringarna har inget uppdrag i distriktet längre. Välj ringare igen.");
        if (Selection.Included.Count == 0)
            Errors.Add(FieldErrors.Form, "Listan skulle bli tom: ingen av personerna har telefonnummer och går att kontakta.");
        else if (Selection.Included.Count > CallListRules.MaxEntries)
            Errors.Add(FieldErrors.Form, $"Listan skulle få {SwedishFormat.Number(Selection.Included.Count)} personer. Gör urvalet mindre (högst {SwedishFormat.Number(CallListRules.MaxEntries)}), till exempel en förening i taget.");
        if (Errors.Any) return Page();

        var access = await accessResolver.GetAsync(ct);
        // The callers in name order, so the split is the same however the boxes were ticked.
        var ordered = Eligible.Where(c => callers.Contains(c.PersonId)).Select(c => c.PersonId).ToList();
        var list = new CallList
        {
            UnitId = unitId, Name = name, Purpose = purpose, Source = SourceDescription, SourceQueue = Source.Queue, OwnerId = access.PersonId,
            CreatedAt = clock.GetUtcNow(),
            Callers = ordered.Select(c => new CallListCaller { PersonId = c, AddedAt = clock.GetUtcNow() }).ToList(),
        };
        list.Entries = CallListRules.Deal(list.Id, Selection.Included, ordered);
        db.Add(list);
        await db.SaveChangesAsync(ct);

        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Create, "Ringlista", list.Id.ToString(),
            $"Skapade ringlistan {name} i {UnitName} ({SourceDescription}): {list.Entries.Count} personer, {Selection.DoNotContact + Selection.WithoutPhone} utelämnade, {ordered.Count} ringare", ct);
        TempData["Message"] = $"Ringlistan {name} är skapad med {list.Entries.Count} personer.";
        return Redirect($"/enheter/{unitId}/ringlistor/{list.Id}");
    }

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind == UnitKind.Federation) return false;
        var source = CallListSource.FromQuery(Request.Query);
        if (source is null) return false;
        UnitId = unitId;
        UnitName = unit.Name;
        var scope = directory.Subtree(unitId).Select(u => u.Id).ToList();
        // As on the member list: a unit outside this one (an edited address) is dropped rather than obeyed.
        if (source.Filter.UnitId is { } chosen && !scope.Contains(chosen)) source = source with { Filter = source.Filter with { UnitId = null } };
        Source = source;
        var today = SwedishFormat.Today(clock);
        var typeName = source.Filter.AssignmentTypeId is { } typeId
            ? await db.Set<Assignments.AssignmentType>().AsNoTracking().Where(t => t.Id == typeId).Select(t => t.Name).FirstOrDefaultAsync(ct)
            : null;
        var districtId = CallListRules.DistrictOf(directory, unitId);
        SourceDescription = source.Queue is { } q ? CareQueues.Label(q)
            : source.Recruitment ? "Att rekrytera"
            : "Medlemslistan: " + source.Filter.Describe(id => directory.Units.TryGetValue(id, out var u) ? u.Name : null, _ => typeName);
        Selection = await CallListRules.SelectAsync(db, source, scope, districtId, today, ct);
        Eligible = await CallListRules.EligibleCallersAsync(db, directory, districtId, today, ct);
        return true;
    }

    private string SuggestedName()
    {
        var month = SwedishFormat.Today(clock).ToString("MMMM yyyy", SwedishFormat.Culture);
        return Source.Queue switch
        {
            CareQueue.New => $"Välkomstsamtal {month}",
            CareQueue.Lapsing => $"Påminnelse om avgiften {month}",
            CareQueue.Lapsed => $"Återvärvning {month}",
            CareQueue.Returning => $"Välkommen tillbaka {month}",
            _ when Source.Recruitment => $"Rekryteringssamtal {month}",
            _ => $"Ringlista {month}",
        };
    }
}
