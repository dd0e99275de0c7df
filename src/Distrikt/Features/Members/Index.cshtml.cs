using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Members;

/// <summary>
/// The member list of a unit: for an association its own members, for a district the members of all its
/// associations and those not yet placed in one. Searchable, filterable, sorted the Swedish way, 50 to a page,
/// and exportable as CSV or Excel with the same filters. Membership reveals political opinion, so the list
/// needs the right to see people in the unit (with a strong sign-in), and every view and export is audit-logged
/// with what was asked for and how many rows went out — never who.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record UnitChoice(Guid Id, string Name);

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public MemberFilter Filter { get; private set; } = new();
    public MemberPage Result { get; private set; } = new([], 0, 1, 1);
    /// <summary>The units the list can be narrowed to; empty for an association, which has none below it.</summary>
    public IReadOnlyList<UnitChoice> Units { get; private set; } = [];
    public MemberListChoices Choices { get; private set; } = new([], []);
    public UnitDirectorySnapshot Directory { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public bool ShowsUnitColumn => Units.Count > 0;
    /// <summary>Making a call list from the list's filter needs the right to change people in the unit.</summary>
    public bool CanMakeCallList { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var page = int.TryParse(Request.Query["sida"], out var p) ? p : 1;
        Result = await MemberList.PageAsync(db, Scope, Filter, Today, page, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Medlemslista", UnitId.ToString(),
            $"Visade medlemslistan för {UnitName} ({DescribeFilter()}): {Result.Rows.Count} av {Result.Total} personer, sida {Result.Page}", ct);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(Guid unitId) => ExportAsync(unitId, "CSV", "csv", CsvWriter.ContentType, MemberExport.Csv);

    public Task<IActionResult> OnGetXlsxAsync(Guid unitId) => ExportAsync(unitId, "Excel", "xlsx", XlsxWriter.ContentType, MemberExport.Xlsx);

    /// <summary>All rows the filter selects, not only the page shown. The entry is written before the file leaves.</summary>
    private async Task<IActionResult> ExportAsync(Guid unitId, string format, string extension, string contentType,
        Func<IReadOnlyList<MemberExportRow>, UnitDirectorySnapshot, byte[]> write)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var rows = await MemberList.AllAsync(db, Scope, Filter, Today, ct);
        var file = write(rows, Directory);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Medlemslista", UnitId.ToString(),
            $"Exporterade medlemslistan för {UnitName} som {format} ({DescribeFilter()}): {rows.Count} personer", ct);
        return File(file, contentType, MemberExport.FileName(UnitName, Today, extension));
    }

    private List<Guid> Scope { get; set; } = [];

    private async Task<bool> LoadAsync(Guid unitId)
    {
        Directory = await UnitDirectory.GetAsync(db, HttpContext.RequestAborted);
        if (!Directory.Units.TryGetValue(unitId, out var unit)) return false;
        UnitId = unit.Id;
        UnitName = unit.Name;
        Today = SwedishFormat.Today(clock);
        Scope = MemberList.Scope(Directory, unitId);
        CanMakeCallList = (await accessResolver.GetAsync(HttpContext.RequestAborted)).Can(Permission.ManagePeople, unitId);
        if (Scope.Count > 1)
        {
            // The unit itself comes first: its members are those not yet placed in an association.
            Units = Directory.Subtree(unitId).Where(u => u.Id != unitId).OrderBy(u => u.Name, SwedishCollation.Comparer)
                .Select(u => new UnitChoice(u.Id, u.Name))
                .Prepend(new UnitChoice(unitId, $"Ej placerade i en förening ({unit.Name})"))
                .ToList();
        }
        Choices = await MemberListChoicesCache.GetAsync(db, unitId, Scope, HttpContext.RequestAborted);
        var filter = MemberFilter.FromQuery(Request.Query);
        // A unit outside the list (an old link, an edited address) would only give an empty list; it is dropped instead.
        if (filter.UnitId is { } chosen && !Units.Any(u => u.Id == chosen)) filter = filter with { UnitId = null };
        Filter = filter;
        return true;
    }

    private string DescribeFilter() => Filter.Describe(
        id => Directory.Units.TryGetValue(id, out var u) ? u.Name : null,
        id => Choices.AssignmentTypes.FirstOrDefault(t => t.Id == id)?.Name);

    public string UnitNameOf(Guid id) => Directory.Units.TryGetValue(id, out var u) ? u.Name : "";

    /// <summary>The address of another page of this list, with the filter kept.</summary>
    public string PageUrl(int page) => $"/enheter/{UnitId}/medlemmar" + Filter.ToQueryString(("sida", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));

    public string ExportUrl(string handler) => $"/enheter/{UnitId}/medlemmar" + Filter.ToQueryString(("handler", handler));

    /// <summary>The list as it is now, for the person page's way back.</summary>
    public string ListUrl => PageUrl(Result.Page);
}
