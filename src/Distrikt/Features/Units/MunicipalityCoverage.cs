using Distrikt.Infrastructure.Web;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>A municipality offered as a checkbox: who already covers it, and whether it is chosen.</summary>
public sealed record MunicipalityChoice(string Code, string Name, string? HeldBy, bool Selected);

public sealed record CountyChoices(string Code, string Name, IReadOnlyList<MunicipalityChoice> Municipalities);

/// <summary>
/// Which municipalities (SCB kommunkod) an association covers. Members are placed in an association by the
/// municipality they live in, so a municipality belongs to at most one association — the database enforces it
/// with a unique index, and these checks turn a refusal into a message that names who has the municipality.
/// </summary>
public static class MunicipalityCoverage
{
    public const string ChoicesField = "municipalities";
    public const string TypedField = "other-codes";

    public static string Name(string code) => SwedishGeography.FindMunicipality(code)?.ShortName ?? code;

    /// <summary>"Tierp, Älvkarleby" — municipality names in Swedish order.</summary>
    public static string Names(IEnumerable<string> codes) =>
        string.Join(", ", codes.Select(Name).Order(SwedishCollation.Comparer));

    /// <summary>
    /// The codes chosen by checkbox and typed in the text field ("0360, 0319" or "0360 0319"), each checked
    /// against SCB's list. Unknown codes are reported on the field they came from.
    /// </summary>
    public static ChosenMunicipalities Parse(IEnumerable<string?> chosen, string? typed, FieldErrors errors)
    {
        var codes = new List<string>();
        var typedCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in chosen)
        {
            var code = raw?.Trim();
            if (string.IsNullOrEmpty(code)) continue;
            if (SwedishGeography.FindMunicipality(code) is null)
                errors.Add(ChoicesField, $"Kommunkoden {code} finns inte.");
            else codes.Add(code);
        }
        foreach (var code in (typed ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (SwedishGeography.FindMunicipality(code) is null)
                errors.Add(TypedField, $"Kommunkoden {code} finns inte. En kommunkod har fyra siffror, till exempel 0360 för Tierp.");
            else
            {
                codes.Add(code);
                typedCodes.Add(code);
            }
        }
        return new(codes.Distinct(StringComparer.Ordinal).ToList(), typedCodes);
    }

    /// <summary>The codes among <paramref name="codes"/> already covered by another unit, with that unit's name.</summary>
    public static async Task<Dictionary<string, string>> HeldElsewhereAsync(DistriktDb db, IReadOnlyCollection<string> codes, Guid? exceptUnitId, CancellationToken ct)
    {
        if (codes.Count == 0) return [];
        var list = codes.ToList();
        var held = await db.Set<UnitMunicipality>().AsNoTracking()
            .Where(m => list.Contains(m.MunicipalityCode) && (exceptUnitId == null || m.UnitId != exceptUnitId))
            .Join(db.Set<Unit>(), m => m.UnitId, u => u.Id, (m, u) => new { m.MunicipalityCode, u.Name })
            .ToListAsync(ct);
        return held.ToDictionary(h => h.MunicipalityCode, h => h.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// Adds a message naming each municipality already covered elsewhere and who covers it, on the field the
    /// code came from; true when there was none.
    /// </summary>
    public static async Task<bool> CheckFreeAsync(DistriktDb db, ChosenMunicipalities chosen, Guid? exceptUnitId, FieldErrors errors, CancellationToken ct)
    {
        var held = await HeldElsewhereAsync(db, chosen.Codes, exceptUnitId, ct);
        foreach (var group in held.GroupBy(h => chosen.Typed.Contains(h.Key) ? TypedField : ChoicesField))
        {
            // One sentence per municipality, joined on the field, so no conflict is hidden behind another.
            errors.Add(group.Key, string.Join(" ", group
                .OrderBy(h => Name(h.Key), SwedishCollation.Comparer)
                .Select(h => $"{Name(h.Key)} ({h.Key}) ingår redan i {h.Value}.")) + " En kommun kan bara höra till en partiförening.");
        }
        return held.Count == 0;
    }

    /// <summary>
    /// The checkboxes to offer for an association in <paramref name="districtId"/>: every municipality of the
    /// counties the district works in — those its associations already cover, the county its name mentions
    /// ("Vänsterpartiet Uppsala län"), and those of the chosen codes. Anything else can be typed as a code.
    /// </summary>
    public static async Task<IReadOnlyList<CountyChoices>> ChoicesAsync(DistriktDb db, Guid districtId, string districtName, Guid? unitId,
        IReadOnlyCollection<string> selected, CancellationToken ct)
    {
        var covered = await db.Set<UnitMunicipality>().AsNoTracking()
            .Join(db.Set<Unit>(), m => m.UnitId, u => u.Id, (m, u) => new { m.MunicipalityCode, m.UnitId, u.Name, u.ParentId })
            .ToListAsync(ct);
        var counties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in covered.Where(c => c.ParentId == districtId).Select(c => c.MunicipalityCode).Concat(selected))
        {
            if (SwedishGeography.FindMunicipality(c) is { } m) counties.Add(m.CountyCode);
        }
        foreach (var county in SwedishGeography.Counties)
        {
            if (districtName.Contains(county.Name, StringComparison.OrdinalIgnoreCase)) counties.Add(county.Code);
        }
        var holders = covered.Where(c => c.UnitId != unitId).ToDictionary(c => c.MunicipalityCode, c => c.Name, StringComparer.Ordinal);
        return counties
            .Select(code => SwedishGeography.FindCounty(code)!)
            .OrderBy(c => c.Name, SwedishCollation.Comparer)
            .Select(county => new CountyChoices(county.Code, county.Name, SwedishGeography.Municipalities
                .Where(m => m.CountyCode == county.Code)
                .OrderBy(m => m.ShortName, SwedishCollation.Comparer)
                .Select(m => new MunicipalityChoice(m.Code, m.ShortName, holders.GetValueOrDefault(m.Code), selected.Contains(m.Code)))
                .ToList()))
            .ToList();
    }
}

/// <summary>The valid codes of a form, and which of them were typed rather than ticked (for where to show a message).</summary>
public sealed record ChosenMunicipalities(IReadOnlyList<string> Codes, IReadOnlySet<string> Typed)
{
    public static ChosenMunicipalities None { get; } = new([], new HashSet<string>());
}

/// <summary>What the shared municipality fieldset (_MunicipalityFields.cshtml) of the create and edit forms shows.</summary>
public sealed record MunicipalityFields(IReadOnlyList<CountyChoices> Counties, string? Typed, FieldErrors Errors);
