using Distrikt.Features.Care;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Health;

/// <summary>
/// Föreningarnas läge: the district board's view of every association at once — members and their trend, the care
/// queues, contact with the district and whether the board's core seats are filled — with what needs acting on
/// marked. Only counts and dates, no one named; the counts are still the associations' business, so the page needs
/// the right to see people in the district, and each view is audit-logged as the care overview is.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>The orders the table can be read in, by the word used in the address.</summary>
    public static IReadOnlyList<(string Key, string Label)> Sorts { get; } =
    [
        ("namn", "Namn"), ("medlemmar", "Flest medlemmar"), ("forandring", "Störst minskning"), ("problem", "Att åtgärda först"),
    ];

    public Guid UnitId { get; private set; }
    public string DistrictName { get; private set; } = "";
    public string Sort { get; private set; } = "namn";
    public DateOnly Today { get; private set; }
    public IReadOnlyList<AssociationStatus> Rows { get; private set; } = [];
    public int Unplaced { get; private set; }
    public IReadOnlyDictionary<string, string> SeatNames { get; private set; } = new Dictionary<string, string>();

    public int TotalMembers => Rows.Sum(r => r.Members);
    public int TotalYearAgo => Rows.Sum(r => r.MembersYearAgo);

    public async Task<IActionResult> OnGetAsync(Guid unitId, [FromQuery(Name = "sortera")] string? sort)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return NotFound();
        UnitId = unitId;
        DistrictName = unit.Name;
        Today = SwedishFormat.Today(clock);
        Sort = Sorts.Any(s => s.Key == sort) ? sort! : "namn";
        SeatNames = directory.TypeNamesByKey;
        var rules = await CareQueues.SettingsAsync(db, unitId, ct);
        var rows = await AssociationHealth.ReadAsync(db, directory, unitId, rules, Today, ct);
        Rows = Sort switch
        {
            "medlemmar" => rows.OrderByDescending(r => r.Members).ThenBy(r => r.Name, SwedishCollation.Comparer).ToList(),
            "forandring" => rows.OrderBy(r => r.ChangeShare ?? 0).ThenBy(r => r.Change).ThenBy(r => r.Name, SwedishCollation.Comparer).ToList(),
            "problem" => rows.OrderByDescending(r => r.Problems.Count).ThenBy(r => r.Name, SwedishCollation.Comparer).ToList(),
            _ => rows.OrderBy(r => r.Name, SwedishCollation.Comparer).ToList(),
        };
        Unplaced = (await MembershipQueries.CurrentCountsByUnitAsync(db, [unitId], Today, ct)).GetValueOrDefault(unitId);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Föreningarnas läge", unitId.ToString(),
            $"Visade föreningarnas läge för {DistrictName}: {Rows.Count} föreningar, {Rows.Count(r => r.Problems.Count > 0)} med något att åtgärda", ct);
        return Page();
    }

    public string SeatName(string key) => SeatNames.GetValueOrDefault(key) ?? key;

    public string SortUrl(string key) => $"/enheter/{UnitId}/foreningslage" + (key == "namn" ? "" : "?sortera=" + key);

    /// <summary>+12 (+4 %) / −3 (−1 %) / 0: the sign always shown, a real minus sign.</summary>
    public static string ChangeText(int change, double? share)
    {
        var sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        var percent = share is { } s ? $" ({sign}{Math.Abs(Math.Round(s * 100)).ToString(SwedishFormat.Culture)} %)" : "";
        return $"{sign}{SwedishFormat.Number(Math.Abs(change))}{percent}";
    }
}
