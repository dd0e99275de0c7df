using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Distrikt.Features.RegisterImport;

/// <summary>A field Distrikt reads from the export, with the headers real exports use for it.</summary>
public sealed record RegisterField(string Key, string Label, bool Required, params string[] Headers);

/// <summary>Which column of the file holds which field. Matched by header name; the user may adjust and save it.</summary>
public sealed class RegisterColumns
{
    public static readonly RegisterField MemberNumber = new("medlemsnummer", "Medlemsnummer", true, "Medlemsnummer", "Medlemsnr", "Medl.nr", "Medlems-ID", "MedlemsID", "Medlemsid", "Medlem nr");
    public static readonly RegisterField FirstName = new("fornamn", "Förnamn", true, "Förnamn", "Tilltalsnamn", "Fornamn");
    public static readonly RegisterField LastName = new("efternamn", "Efternamn", true, "Efternamn", "Eftername", "Släktnamn");
    public static readonly RegisterField PersonalIdentityNumber = new("personnummer", "Personnummer", false, "Personnummer", "Personnr", "Pnr", "Födelsenummer");
    public static readonly RegisterField Email = new("epost", "E-post", false, "E-post", "E-postadress", "Epost", "E-mail", "Email", "Mejl", "Mail");
    public static readonly RegisterField Phone = new("telefon", "Telefon", false, "Mobil", "Mobiltelefon", "Mobilnummer", "Telefon", "Telefonnummer", "Tel", "Tfn");
    public static readonly RegisterField StreetAddress = new("adress", "Adress", false, "Adress", "Gatuadress", "Utdelningsadress", "Postadress");
    public static readonly RegisterField PostalCode = new("postnummer", "Postnummer", false, "Postnummer", "Postnr", "Post nr");
    public static readonly RegisterField City = new("ort", "Ort", false, "Ort", "Postort");
    public static readonly RegisterField Municipality = new("kommun", "Kommun", false, "Kommunkod", "Kommun", "Kommunnamn", "Folkbokföringskommun");
    public static readonly RegisterField JoinedOn = new("intradesdatum", "Inträdesdatum", false, "Inträdesdatum", "Medlem sedan", "Medlem fr.o.m.", "Startdatum", "Inträde", "Anslutningsdatum");
    public static readonly RegisterField FeePaidThrough = new("betaldtom", "Avgift betald t.o.m.", false, "Betald t.o.m.", "Betalt t.o.m.", "Betald tom", "Betalt till", "Avgift betald t.o.m.", "Betald till", "Betalningsdatum t.o.m.");
    public static readonly RegisterField EndedOn = new("utradesdatum", "Utträdesdatum", false, "Utträdesdatum", "Utträde", "Slutdatum", "Avslutad");

    public static readonly IReadOnlyList<RegisterField> All =
        [MemberNumber, FirstName, LastName, PersonalIdentityNumber, Email, Phone, StreetAddress, PostalCode, City, Municipality, JoinedOn, FeePaidThrough, EndedOn];

    /// <summary>Field key → header text.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public RegisterColumns(IReadOnlyDictionary<string, string> headers) => Headers = headers;

    /// <summary>Matches each field to the first header that names it, ignoring case, spaces, dots and dashes.</summary>
    public static RegisterColumns Detect(IReadOnlyList<string> fileHeaders)
    {
        var byNormal = new Dictionary<string, string>();
        foreach (var h in fileHeaders)
            byNormal.TryAdd(Normal(h), h);
        var map = new Dictionary<string, string>();
        foreach (var field in All)
        {
            var found = field.Headers.Select(Normal).FirstOrDefault(byNormal.ContainsKey);
            if (found is not null) map[field.Key] = byNormal[found];
        }
        return new RegisterColumns(map);
    }

    /// <summary>A saved or submitted mapping, kept only where its header exists in this file; other fields detected.</summary>
    public static RegisterColumns Merge(IReadOnlyList<string> fileHeaders, IReadOnlyDictionary<string, string>? chosen)
    {
        var detected = Detect(fileHeaders);
        if (chosen is null) return detected;
        var map = new Dictionary<string, string>(detected.Headers);
        foreach (var field in All)
        {
            if (!chosen.TryGetValue(field.Key, out var header)) continue;
            if (string.IsNullOrEmpty(header)) map.Remove(field.Key);
            else if (fileHeaders.Contains(header)) map[field.Key] = header;
        }
        return new RegisterColumns(map);
    }

    /// <summary>Which header each field was read from; part of a row's fingerprint, since another mapping reads other values.</summary>
    public string Signature => string.Join('|', All.Select(f => Headers.TryGetValue(f.Key, out var h) ? h : ""));

    public IEnumerable<RegisterField> MissingRequired => All.Where(f => f.Required && !Headers.ContainsKey(f.Key));

    /// <summary>Column index per field in this file (-1 when not mapped).</summary>
    public Dictionary<string, int> IndexesIn(IReadOnlyList<string> fileHeaders) =>
        All.ToDictionary(f => f.Key, f => Headers.TryGetValue(f.Key, out var h) ? IndexOf(fileHeaders, h) : -1);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    public string ToJson() => JsonSerializer.Serialize(Headers);

    public static IReadOnlyDictionary<string, string>? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);

    private static string Normal(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header.Trim().ToLower(CultureInfo.GetCultureInfo("sv-SE")))
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
        return sb.ToString();
    }
}
