using System.Globalization;
using System.Text;

namespace Distrikt.Features.Members;

public enum MemberStatus
{
    /// <summary>A membership in the unit that counts today.</summary>
    Current,
    /// <summary>Not a member of the unit today, but was within the last twelve months.</summary>
    Former,
    /// <summary>Both: everyone the list may show.</summary>
    All,
}

public enum FeeStatus
{
    Paid,
    /// <summary>The register reports a last paid day that has passed.</summary>
    Unpaid,
    /// <summary>The register says nothing about the fee.</summary>
    Unknown,
}

/// <summary>
/// What the member list is narrowed to. It lives in the address (a GET form), so a filtered list can be
/// bookmarked, shared with a colleague who has the same rights, reloaded on a phone and exported as it is shown.
/// The query keys are Swedish because people see and share the address.
/// </summary>
public sealed record MemberFilter
{
    public const int MaxSearchLength = 100;
    public static readonly int[] JoinedWithinChoices = [30, 90, 365];

    public string? Search { get; init; }
    /// <summary>One unit within the listed one: an association, or the district itself for members not placed in an association.</summary>
    public Guid? UnitId { get; init; }
    public MemberStatus Status { get; init; } = MemberStatus.Current;
    public int? JoinedWithinDays { get; init; }
    public FeeStatus? Fee { get; init; }
    public string? Tag { get; init; }
    public Guid? AssignmentTypeId { get; init; }

    public bool IsNarrowed => Search is not null || UnitId is not null || Status != MemberStatus.Current
        || JoinedWithinDays is not null || Fee is not null || Tag is not null || AssignmentTypeId is not null;

    /// <summary>Whether any of the filters behind "Fler filter" is in use, so the page shows them opened.</summary>
    public bool UsesMoreFilters => JoinedWithinDays is not null || Fee is not null || Tag is not null || AssignmentTypeId is not null;

    /// <summary>
    /// Reads the query string leniently: a value the form could not have sent (a typo in a shared link) is left
    /// out rather than refused, so the list still opens; what it was narrowed to is always shown on the page.
    /// </summary>
    public static MemberFilter FromQuery(IQueryCollection query)
    {
        string? Text(string key)
        {
            var v = query[key].ToString().Trim();
            return v.Length == 0 ? null : v;
        }
        var search = Text("q");
        if (search is { Length: > MaxSearchLength }) search = search[..MaxSearchLength];
        var tag = Text("tagg");
        return new MemberFilter
        {
            Search = search,
            UnitId = Guid.TryParse(Text("forening"), out var unit) ? unit : null,
            Status = Text("status") switch
            {
                "avslutade" => MemberStatus.Former,
                "alla" => MemberStatus.All,
                _ => MemberStatus.Current,
            },
            JoinedWithinDays = int.TryParse(Text("nya"), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && JoinedWithinChoices.Contains(days) ? days : null,
            Fee = Text("avgift") switch
            {
                "betald" => FeeStatus.Paid,
                "obetald" => FeeStatus.Unpaid,
                "okand" => FeeStatus.Unknown,
                _ => null,
            },
            Tag = tag is { Length: <= 60 } ? tag : null,
            AssignmentTypeId = Guid.TryParse(Text("uppdrag"), out var type) ? type : null,
        };
    }

    public static string StatusValue(MemberStatus s) => s switch
    {
        MemberStatus.Former => "avslutade",
        MemberStatus.All => "alla",
        _ => "nuvarande",
    };

    public static string FeeValue(FeeStatus f) => f switch
    {
        FeeStatus.Paid => "betald",
        FeeStatus.Unpaid => "obetald",
        _ => "okand",
    };

    /// <summary>The query string for this filter, with extra pairs (page, handler) after it; starts with "?" unless empty.</summary>
    public string ToQueryString(params (string Key, string? Value)[] extra)
    {
        var parts = new List<(string, string)>();
        if (Search is not null) parts.Add(("q", Search));
        if (UnitId is { } u) parts.Add(("forening", u.ToString()));
        if (Status != MemberStatus.Current) parts.Add(("status", StatusValue(Status)));
        if (JoinedWithinDays is { } d) parts.Add(("nya", d.ToString(CultureInfo.InvariantCulture)));
        if (Fee is { } f) parts.Add(("avgift", FeeValue(f)));
        if (Tag is not null) parts.Add(("tagg", Tag));
        if (AssignmentTypeId is { } t) parts.Add(("uppdrag", t.ToString()));
        foreach (var (key, value) in extra)
        {
            if (value is not null) parts.Add((key, value));
        }
        if (parts.Count == 0) return "";
        var sb = new StringBuilder("?");
        foreach (var (key, value) in parts)
        {
            if (sb.Length > 1) sb.Append('&');
            sb.Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    /// <summary>
    /// The filter in words for the audit log and the page. The search text is only said to be there, never
    /// repeated: people search for a name or a phone number, and the log must hold no contact details.
    /// </summary>
    public string Describe(Func<Guid, string?> unitName, Func<Guid, string?> typeName)
    {
        var parts = new List<string>
        {
            Status switch
            {
                MemberStatus.Former => "avslutade senaste 12 månaderna",
                MemberStatus.All => "nuvarande och avslutade senaste 12 månaderna",
                _ => "nuvarande",
            },
        };
        if (UnitId is { } u) parts.Add($"enhet {unitName(u) ?? "okänd"}");
        if (JoinedWithinDays is { } d) parts.Add($"gick med senaste {d} dagarna");
        if (Fee is { } f) parts.Add(f switch { FeeStatus.Paid => "avgift betald", FeeStatus.Unpaid => "avgift obetald", _ => "avgift okänd" });
        if (Tag is not null) parts.Add($"tagg {Tag}");
        if (AssignmentTypeId is { } t) parts.Add($"uppdrag {typeName(t) ?? "okänt"}");
        if (Search is not null) parts.Add("med sökning");
        return string.Join(", ", parts);
    }
}
