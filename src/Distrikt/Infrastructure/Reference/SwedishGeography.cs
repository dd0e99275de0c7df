namespace Distrikt.Infrastructure.Reference;

public sealed record Municipality(string Code, string Name, string ShortName, string CountyCode);
public sealed record County(string Code, string Name);

/// <summary>
/// Swedish counties, municipalities (SCB codes) and postal codes, shipped with the app.
/// Source: the public repository sjbrg/swedish-geodata, CC0 1.0. The postal table covers about 82 % of
/// postal codes: a code not in it means "unknown", never a guess.
/// </summary>
public static class SwedishGeography
{
    private static readonly Lazy<IReadOnlyDictionary<string, Municipality>> MunicipalitiesByCode = new(() =>
        Read("municipalities.csv").ToDictionary(r => r[0], r => new Municipality(r[0], r[1], r[2], r[3])));

    private static readonly Lazy<IReadOnlyDictionary<string, County>> CountiesByCode = new(() =>
        Read("counties.csv").ToDictionary(r => r[0], r => new County(r[0], r[1])));

    private static readonly Lazy<IReadOnlyDictionary<string, string>> MunicipalityByPostalCode = new(() =>
        Read("postal_to_municipality.csv").GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.First()[2]));

    public static IReadOnlyCollection<Municipality> Municipalities => MunicipalitiesByCode.Value.Values.ToList();
    public static IReadOnlyCollection<County> Counties => CountiesByCode.Value.Values.ToList();

    public static Municipality? FindMunicipality(string? code) =>
        code is not null && MunicipalitiesByCode.Value.TryGetValue(code.Trim(), out var m) ? m : null;

    public static County? FindCounty(string? code) =>
        code is not null && CountiesByCode.Value.TryGetValue(code, out var c) ? c : null;

    /// <summary>The municipality of a postal code ("752 36" or "75236"), or null when the code is not in the table.</summary>
    public static string? MunicipalityOfPostalCode(string? postalCode)
    {
        if (postalCode is null) return null;
        var digits = new string(postalCode.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 5 && MunicipalityByPostalCode.Value.TryGetValue(digits, out var code) ? code : null;
    }

    public static IEnumerable<string> PostalCodesIn(string municipalityCode) =>
        MunicipalityByPostalCode.Value.Where(kv => kv.Value == municipalityCode).Select(kv => kv.Key).Order(StringComparer.Ordinal);

    private static IEnumerable<string[]> Read(string file)
    {
        var assembly = typeof(SwedishGeography).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        reader.ReadLine(); // header
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            // The reference files have no quoted fields.
            if (line.Length > 0) rows.Add(line.Split(','));
        }
        return rows;
    }
}
