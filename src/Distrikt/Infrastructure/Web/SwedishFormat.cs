using System.Globalization;

namespace Distrikt.Infrastructure.Web;

/// <summary>Dates and numbers as Swedish users write them, in Swedish time.</summary>
public static class SwedishFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("sv-SE");
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>2026-11-24 — the form used in tables and forms.</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", Culture);
    public static string Date(DateOnly? d) => d is { } v ? Date(v) : "";

    /// <summary>24 november 2026 — the form used in running text.</summary>
    public static string LongDate(DateOnly d) => d.ToString("d MMMM yyyy", Culture);

    public static DateTime Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, TimeZone).DateTime;

    /// <summary>2026-11-24 14:05, in Europe/Stockholm.</summary>
    public static string DateTime(DateTimeOffset t) => Local(t).ToString("yyyy-MM-dd HH:mm", Culture);

    public static string Number(long n) => n.ToString("N0", Culture);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()));
}
