using Distrikt.Infrastructure.Web;
using System.Globalization;
using Distrikt.Features.Units;

namespace Distrikt.Features.Assignments;

/// <summary>
/// Reads a date from a form. Browsers send &lt;input type="date"&gt; as yyyy-MM-dd, which is also how Swedes write
/// dates, so a phone without a date picker can type the same thing. Anything else gets a Swedish message.
/// </summary>
public static class DateInput
{
    public const string Format = "yyyy-MM-dd";

    public static DateOnly? Read(string? value, string field, string label, bool required, FieldErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(field, $"Fyll i {label}.");
            return null;
        }
        if (DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, $"Skriv {label} som år-månad-dag, till exempel 2026-03-01.");
        return null;
    }

    /// <summary>Shared by appointing and ending: the database refuses it too (ck_assignments_dates), but with no words a user understands.</summary>
    public const string EndBeforeStart = "Slutdatumet kan inte vara före startdatumet.";
}
