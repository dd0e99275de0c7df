using System.Globalization;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Growth;

/// <summary>
/// Members over time for a unit — the district or one association — as server-drawn charts with the numbers
/// beside them in a table and as CSV. Only counts, but counts of one association are the board's business:
/// the page needs the right to see people there.
/// </summary>
[RequirePermission(Permission.ViewPeople)]
public sealed class IndexModel(DistriktDb db, TimeProvider clock) : PageModel
{
    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public GrowthReport Report { get; private set; } = new([], new Retention(0, 0));

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        return Page();
    }

    /// <summary>The same numbers as CSV, for a spreadsheet or the annual report.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var bytes = CsvWriter.ToBytes(csv =>
        {
            csv.WriteRow("Månad", "Medlemmar vid månadens slut", "Nya", "Avslutade");
            foreach (var m in Report.Months)
                csv.WriteRow(m.MonthEnd.ToString("yyyy-MM", CultureInfo.InvariantCulture), Num(m.Members), Num(m.Joined), Num(m.Left));
        });
        var name = $"medlemsutveckling-{SwedishFormat.Today(clock):yyyy-MM-dd}.csv";
        return File(bytes, CsvWriter.ContentType, name);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(Guid unitId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit)) return false;
        UnitId = unitId;
        UnitName = unit.Name;
        Report = await MemberGrowth.ForAsync(db, unitId, SwedishFormat.Today(clock), MemberGrowth.DefaultMonths, ct);
        return true;
    }

    // ---- Chart geometry: a 720×240 drawing area, scaled by the SVG's viewBox to any width. ----
    public const int Width = 720, Height = 240, Left = 64, Bottom = 32, Top = 14;

    public static string X(int index, int count) => F(Left + (Width - Left - 8) * (count <= 1 ? 0.5 : (double)index / (count - 1)));
    public static string Y(int value, int max) => F(Top + (Height - Top - Bottom) * (1 - (max == 0 ? 0 : (double)value / max)));
    public static string BarHeight(int value, int max) => F((Height - Top - Bottom) * (max == 0 ? 0 : (double)value / max));
    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A round upper bound for an axis: 1, 2 or 5 times a power of ten.</summary>
    public static int NiceMax(int value)
    {
        if (value <= 5) return 5;
        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 5, 10 })
            if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }

    public static string MonthLabel(DateOnly d) => SwedishFormat.Culture.DateTimeFormat.GetAbbreviatedMonthName(d.Month).TrimEnd('.') + (d.Month == 1 ? $" {d.Year}" : "");
}
