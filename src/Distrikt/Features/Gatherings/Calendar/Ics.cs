using System.Globalization;
using System.Text;
using Distrikt.Infrastructure.Web;

namespace Distrikt.Features.Gatherings.Calendar;

/// <summary>One gathering as a calendar entry. <paramref name="Start"/> and <paramref name="End"/> are instants; they are written in Stockholm time.</summary>
/// <param name="Uid">Must stay the same for the life of the gathering, so that calendars update the entry instead of adding a new one.</param>
/// <param name="Sequence">Raise it on every change that matters to attendees (time, place, cancellation); calendars ignore an update whose sequence is not higher.</param>
public sealed record CalendarEvent(
    string Uid,
    string Summary,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset Stamp,
    string? Description = null,
    string? Location = null,
    string? Url = null,
    bool Cancelled = false,
    int Sequence = 0);

/// <summary>
/// Writes iCalendar (RFC 5545) by hand: the app needs only events in one time zone, and writing them ourselves keeps
/// folding, escaping and the Stockholm time zone rules where we can see and test them.
/// </summary>
public static class Ics
{
    public const string ContentType = "text/calendar; charset=utf-8";

    private const string TimeZoneId = "Europe/Stockholm";
    private const string Crlf = "\r\n";

    // RFC 5545 §3.1: a content line should not be longer than 75 octets, excluding the line break.
    private const int MaxLineOctets = 75;

    private static TimeZoneInfo Stockholm => SwedishFormat.TimeZone;

    /// <summary>A whole VCALENDAR with one VTIMEZONE for Europe/Stockholm and one VEVENT per event.</summary>
    /// <param name="method">An iTIP method such as <c>PUBLISH</c> or <c>REQUEST</c>; left out when null, as for a subscribed feed.</param>
    public static string Write(string calendarName, IEnumerable<CalendarEvent> events, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(calendarName);
        ArgumentNullException.ThrowIfNull(events);

        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "PRODID:-//Distrikt//Distrikt//SV");
        Line(sb, "VERSION:2.0");
        Line(sb, "CALSCALE:GREGORIAN");
        if (!string.IsNullOrWhiteSpace(method)) Line(sb, "METHOD:" + method.Trim().ToUpperInvariant());
        Line(sb, "X-WR-CALNAME:" + EscapeText(calendarName));
        Line(sb, "X-WR-TIMEZONE:" + TimeZoneId);
        WriteStockholmTimeZone(sb);
        foreach (var e in events) WriteEvent(sb, e);
        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    /// <summary>
    /// The instant at which the clocks in Stockholm show <paramref name="localWallTime"/> (its <see cref="DateTime.Kind"/> is ignored).
    /// <list type="bullet">
    /// <item>A time in the spring-forward gap does not exist (2026-03-29 02:30); it is moved forward by the length of the gap,
    /// to 03:30 CEST — what a person means who set a meeting "half an hour after two" on that night.</item>
    /// <item>A time in the autumn overlap happens twice (2026-10-25 02:30); it is taken as the first occurrence, in summer time
    /// (+02:00). That is also how RFC 5545 reads an ambiguous local time with a TZID, so a time written back by <see cref="Write"/> means the same.</item>
    /// </list>
    /// </summary>
    public static DateTimeOffset FromStockholm(DateTime localWallTime)
    {
        var local = DateTime.SpecifyKind(localWallTime, DateTimeKind.Unspecified);
        var zone = Stockholm;
        if (zone.IsInvalidTime(local))
        {
            // Read the time with the offset in force just before the gap: the resulting instant lies after the change,
            // where the wall clock shows the time plus the gap. Clocks jump forward, so the earlier offset is the smaller one.
            var before = Min(zone.GetUtcOffset(local.AddDays(-1)), zone.GetUtcOffset(local.AddDays(1)));
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(local - before, TimeSpan.Zero), zone);
        }
        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one under the larger (summer) offset.
            var first = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, first);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// <see cref="FromStockholm"/> as the database stores it: in UTC (PostgreSQL's <c>timestamp with time zone</c> takes
    /// no other offset). The instant is the same; only the offset it is written with differs.
    /// </summary>
    public static DateTimeOffset UtcFromStockholm(DateTime localWallTime) => FromStockholm(localWallTime).ToUniversalTime();

    /// <summary>The wall-clock time in Stockholm at <paramref name="instant"/>, with <see cref="DateTimeKind.Unspecified"/>.</summary>
    public static DateTime ToStockholm(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Stockholm).DateTime, DateTimeKind.Unspecified);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // Written out rather than derived from TimeZoneInfo: the EU rule has been the same since 1996, and calendar
    // programs only need the current rule to place future gatherings.
    private static void WriteStockholmTimeZone(StringBuilder sb)
    {
        Line(sb, "BEGIN:VTIMEZONE");
        Line(sb, "TZID:" + TimeZoneId);
        Line(sb, "X-LIC-LOCATION:" + TimeZoneId);
        Line(sb, "BEGIN:DAYLIGHT");
        Line(sb, "TZOFFSETFROM:+0100");
        Line(sb, "TZOFFSETTO:+0200");
        Line(sb, "TZNAME:CEST");
        Line(sb, "DTSTART:19700329T020000");
        Line(sb, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
        Line(sb, "END:DAYLIGHT");
        Line(sb, "BEGIN:STANDARD");
        Line(sb, "TZOFFSETFROM:+0200");
        Line(sb, "TZOFFSETTO:+0100");
        Line(sb, "TZNAME:CET");
        Line(sb, "DTSTART:19701025T030000");
        Line(sb, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
        Line(sb, "END:STANDARD");
        Line(sb, "END:VTIMEZONE");
    }

    private static void WriteEvent(StringBuilder sb, CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Uid)) throw new ArgumentException("Ett kalenderevenemang måste ha ett UID.", nameof(e));
        if (e.End < e.Start) throw new ArgumentException("Ett kalenderevenemang kan inte sluta innan det börjar.", nameof(e));

        Line(sb, "BEGIN:VEVENT");
        Line(sb, "UID:" + EscapeText(e.Uid));
        Line(sb, "DTSTAMP:" + Utc(e.Stamp));
        Line(sb, "DTSTART" + ZonedDateTime(e.Start));
        Line(sb, "DTEND" + ZonedDateTime(e.End));
        Line(sb, "SUMMARY:" + EscapeText(e.Summary ?? ""));
        if (!string.IsNullOrEmpty(e.Description)) Line(sb, "DESCRIPTION:" + EscapeText(e.Description));
        if (!string.IsNullOrEmpty(e.Location)) Line(sb, "LOCATION:" + EscapeText(e.Location));
        // URL is of type URI, not TEXT: commas and semicolons in it are part of the address and must not be escaped.
        if (!string.IsNullOrEmpty(e.Url)) Line(sb, "URL:" + StripControls(e.Url));
        Line(sb, "SEQUENCE:" + Math.Max(0, e.Sequence).ToString(CultureInfo.InvariantCulture));
        Line(sb, e.Cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        Line(sb, "END:VEVENT");
    }

    /// <summary>";TZID=Europe/Stockholm:20260615T180000", or ":20261025T003000Z" for the second occurrence of an autumn-overlap time.</summary>
    private static string ZonedDateTime(DateTimeOffset instant)
    {
        var local = ToStockholm(instant);
        // A local time in the autumn overlap is read as its first occurrence (RFC 5545 §3.3.5), so an instant in the
        // second occurrence cannot be written as Stockholm time without moving it an hour; UTC keeps it exact.
        if (Stockholm.IsAmbiguousTime(local) && FromStockholm(local) != instant) return ":" + Utc(instant);
        return ";TZID=" + TimeZoneId + ":" + local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
    }

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks.</summary>
    private static string EscapeText(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\r':
                    // CRLF and a lone CR are one line break, like LF.
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    sb.Append(@"\n");
                    break;
                case '\n': sb.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in a content line (§3.1); tab is.
                    if (c == '\t' || !char.IsControl(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static string StripControls(string value) => new(value.Where(c => !char.IsControl(c)).ToArray());

    /// <summary>Appends one content line, folded at 75 octets of UTF-8 without splitting a character, ending in CRLF.</summary>
    private static void Line(StringBuilder sb, string contentLine)
    {
        var octets = 0;
        foreach (var rune in contentLine.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                sb.Append(Crlf).Append(' ');
                octets = 1; // the space that marks the continuation counts towards the next line's 75
            }
            sb.Append(rune.ToString());
            octets += size;
        }
        sb.Append(Crlf);
    }
}
