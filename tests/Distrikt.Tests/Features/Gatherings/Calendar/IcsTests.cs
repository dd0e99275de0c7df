using System.Text;
using Distrikt.Features.Gatherings.Calendar;

namespace Distrikt.Tests.Features.Gatherings.Calendar;

/// <summary>The iCalendar we hand to members' calendar programs, read line by line as RFC 5545 says they will.</summary>
public sealed class IcsTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static CalendarEvent Event(DateTimeOffset start, DateTimeOffset end, string summary = "Årsmöte",
        string? description = null, bool cancelled = false, int sequence = 0) =>
        new("gathering-42@distrikt.invalid", summary, start, end, Stamp, description, "Folkets hus, Uppsala",
            "https://distrikt.invalid/traffar/42", cancelled, sequence);

    /// <summary>The logical content lines: folding undone (RFC 5545 §3.1), split on CRLF.</summary>
    private static string[] Unfolded(string ics) =>
        ics.Replace("\r\n ", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The one line of a property of the calendar or its event, leaving out the VTIMEZONE (which has DTSTARTs of its own).</summary>
    private static string Property(string ics, string name)
    {
        var lines = Unfolded(ics);
        var outsideZone = lines.TakeWhile(l => l != "BEGIN:VTIMEZONE").Concat(lines.SkipWhile(l => l != "END:VTIMEZONE"));
        return Assert.Single(outsideZone, l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal));
    }

    private static DateTime Local(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Unspecified);

    [Fact]
    public void A_summer_gathering_is_written_in_Stockholm_summer_time_with_its_tzid()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(new(2026, 6, 15, 16, 0, 0, TimeSpan.Zero), new(2026, 6, 15, 18, 30, 0, TimeSpan.Zero))]);

        Assert.Equal("DTSTART;TZID=Europe/Stockholm:20260615T180000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/Stockholm:20260615T203000", Property(ics, "DTEND"));
        Assert.Equal("DTSTAMP:20260501T080000Z", Property(ics, "DTSTAMP"));
    }

    [Fact]
    public void A_winter_gathering_is_written_in_Stockholm_standard_time_with_its_tzid()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(new(2026, 1, 20, 17, 0, 0, TimeSpan.Zero), new(2026, 1, 20, 19, 0, 0, TimeSpan.Zero))]);

        Assert.Equal("DTSTART;TZID=Europe/Stockholm:20260120T180000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/Stockholm:20260120T200000", Property(ics, "DTEND"));
    }

    [Fact]
    public void A_gathering_over_the_autumn_change_keeps_its_wall_times_and_lasts_one_hour_more()
    {
        var start = Ics.FromStockholm(Local(2026, 10, 24, 22));
        var end = Ics.FromStockholm(Local(2026, 10, 25, 10));

        Assert.Equal(new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.FromHours(13), end - start);

        var ics = Ics.Write("Distriktets träffar", [Event(start, end, "Valvaka")]);
        Assert.Equal("DTSTART;TZID=Europe/Stockholm:20261024T220000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/Stockholm:20261025T100000", Property(ics, "DTEND"));
    }

    [Fact]
    public void A_time_in_the_spring_gap_is_moved_forward_by_the_gap()
    {
        var instant = Ics.FromStockholm(Local(2026, 3, 29, 2, 30));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
        Assert.Equal(Local(2026, 3, 29, 3, 30), Ics.ToStockholm(instant));
    }

    [Fact]
    public void A_time_in_the_autumn_overlap_is_its_first_occurrence_in_summer_time()
    {
        var instant = Ics.FromStockholm(Local(2026, 10, 25, 2, 30));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
        Assert.Equal(Local(2026, 10, 25, 2, 30), Ics.ToStockholm(instant));
    }

    [Theory]
    [InlineData("2026-03-29T01:59:00", "2026-03-29T00:59:00Z")] // last minute of winter time
    [InlineData("2026-03-29T02:00:00", "2026-03-29T01:00:00Z")] // start of the gap: becomes 03:00 CEST
    [InlineData("2026-03-29T03:00:00", "2026-03-29T01:00:00Z")]
    [InlineData("2026-10-25T01:59:00", "2026-10-24T23:59:00Z")]
    [InlineData("2026-10-25T03:00:00", "2026-10-25T02:00:00Z")] // overlap over: winter time
    [InlineData("2026-12-24T15:00:00", "2026-12-24T14:00:00Z")]
    [InlineData("2026-07-01T12:00:00", "2026-07-01T10:00:00Z")]
    public void Wall_times_around_the_changes_become_the_right_instants(string local, string utc)
    {
        var instant = Ics.FromStockholm(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Fact]
    public void The_kind_of_the_wall_time_does_not_change_its_meaning()
    {
        var wall = new DateTime(2026, 6, 15, 18, 0, 0);
        Assert.Equal(Ics.FromStockholm(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified)), Ics.FromStockholm(DateTime.SpecifyKind(wall, DateTimeKind.Utc)));
        Assert.Equal(Ics.FromStockholm(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified)), Ics.FromStockholm(DateTime.SpecifyKind(wall, DateTimeKind.Local)));
    }

    [Fact]
    public void An_instant_in_the_second_occurrence_of_the_overlap_is_written_in_utc_so_it_is_not_read_an_hour_early()
    {
        // 01:30Z is 02:30 CET, the second 02:30 of that night; with a TZID it would be read as 02:30 CEST.
        var ics = Ics.Write("Distriktets träffar", [Event(new(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), new(2026, 10, 25, 3, 0, 0, TimeSpan.Zero))]);

        Assert.Equal("DTSTART:20261025T013000Z", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/Stockholm:20261025T040000", Property(ics, "DTEND"));
    }

    [Fact]
    public void Semicolons_commas_backslashes_and_line_breaks_are_escaped_in_text()
    {
        var ics = Ics.Write("Möten; kurser, annat", [Event(Stamp, Stamp.AddHours(1),
            summary: @"Budget; skola, vård \ omsorg",
            description: "Rad ett\nRad två\r\nRad tre\rSlut")]);

        Assert.Equal(@"SUMMARY:Budget\; skola\, vård \\ omsorg", Property(ics, "SUMMARY"));
        Assert.Equal(@"DESCRIPTION:Rad ett\nRad två\nRad tre\nSlut", Property(ics, "DESCRIPTION"));
        Assert.Equal(@"LOCATION:Folkets hus\, Uppsala", Property(ics, "LOCATION"));
        Assert.Equal(@"X-WR-CALNAME:Möten\; kurser\, annat", Property(ics, "X-WR-CALNAME"));
    }

    [Fact]
    public void Long_lines_are_folded_at_75_octets_without_splitting_a_character_and_unfold_to_the_original()
    {
        // Two-byte å, ä, ö and a four-byte emoji, with one ASCII letter in front so the folds fall at odd offsets.
        var description = "x" + string.Concat(Enumerable.Repeat("åäö ", 60)) + "🗳 röstsedel 🗳 " + new string('a', 200);
        var ics = Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(2), description: description)]);

        var bytes = Encoding.UTF8.GetBytes(ics);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var lines = SplitOnCrlf(bytes);
        Assert.All(lines, line => Assert.True(line.Length <= 75, $"{line.Length} octets: {Encoding.UTF8.GetString(line)}"));
        // A split multi-byte character would make a physical line invalid UTF-8 on its own.
        Assert.All(lines, line => strict.GetString(line));

        var folded = lines.Select(l => strict.GetString(l)).ToList();
        var start = folded.FindIndex(l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal));
        Assert.True(folded[start + 1].StartsWith(' '), "the description should be folded onto continuation lines");
        Assert.True(folded.Count(l => l.StartsWith(' ')) >= 6);

        Assert.Equal("DESCRIPTION:" + description, Property(ics, "DESCRIPTION"));
    }

    [Fact]
    public void Every_line_ends_in_crlf_and_no_bare_cr_or_lf_is_left()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(1), description: "Första\nandra\r\ntredje")], "PUBLISH");

        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        for (var i = 0; i < ics.Length; i++)
        {
            if (ics[i] == '\n') Assert.True(i > 0 && ics[i - 1] == '\r', $"bare LF at {i}");
            if (ics[i] == '\r') Assert.True(i + 1 < ics.Length && ics[i + 1] == '\n', $"bare CR at {i}");
        }
    }

    [Fact]
    public void A_cancelled_gathering_has_status_cancelled_and_its_sequence()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(1), cancelled: true, sequence: 3)], "CANCEL");

        Assert.Equal("STATUS:CANCELLED", Property(ics, "STATUS"));
        Assert.Equal("SEQUENCE:3", Property(ics, "SEQUENCE"));
        Assert.Equal("METHOD:CANCEL", Property(ics, "METHOD"));
    }

    [Fact]
    public void A_gathering_that_goes_ahead_is_confirmed()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(1))]);

        Assert.Equal("STATUS:CONFIRMED", Property(ics, "STATUS"));
        Assert.Equal("SEQUENCE:0", Property(ics, "SEQUENCE"));
        Assert.Equal("UID:gathering-42@distrikt.invalid", Property(ics, "UID"));
        Assert.Equal("URL:https://distrikt.invalid/traffar/42", Property(ics, "URL"));
    }

    [Fact]
    public void The_calendar_has_its_header_one_stockholm_timezone_and_one_event_per_gathering()
    {
        var ics = Ics.Write("Distriktets träffar",
        [
            Event(new(2026, 1, 20, 17, 0, 0, TimeSpan.Zero), new(2026, 1, 20, 19, 0, 0, TimeSpan.Zero)),
            Event(new(2026, 6, 15, 16, 0, 0, TimeSpan.Zero), new(2026, 6, 15, 18, 0, 0, TimeSpan.Zero)) with { Uid = "gathering-43@distrikt.invalid" },
        ], "PUBLISH");
        var lines = Unfolded(ics);

        Assert.Equal(["BEGIN:VCALENDAR", "PRODID:-//Distrikt//Distrikt//SV", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:Distriktets träffar", "X-WR-TIMEZONE:Europe/Stockholm"], lines.Take(7));
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Single(lines, l => l == "BEGIN:VTIMEZONE");
        Assert.Single(lines, l => l == "END:VTIMEZONE");
        Assert.Single(lines, l => l == "TZID:Europe/Stockholm");

        var zone = lines.SkipWhile(l => l != "BEGIN:VTIMEZONE").TakeWhile(l => l != "END:VTIMEZONE").ToList();
        var daylight = zone.SkipWhile(l => l != "BEGIN:DAYLIGHT").TakeWhile(l => l != "END:DAYLIGHT").ToList();
        var standard = zone.SkipWhile(l => l != "BEGIN:STANDARD").TakeWhile(l => l != "END:STANDARD").ToList();
        Assert.Contains("TZOFFSETFROM:+0100", daylight);
        Assert.Contains("TZOFFSETTO:+0200", daylight);
        Assert.Contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", daylight);
        Assert.Contains("DTSTART:19700329T020000", daylight);
        Assert.Contains("TZOFFSETFROM:+0200", standard);
        Assert.Contains("TZOFFSETTO:+0100", standard);
        Assert.Contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", standard);
        Assert.Contains("DTSTART:19701025T030000", standard);

        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Equal(2, lines.Count(l => l == "END:VEVENT"));
    }

    [Fact]
    public void Without_a_method_the_calendar_has_no_method_line()
    {
        var ics = Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(1))]);
        Assert.DoesNotContain(Unfolded(ics), l => l.StartsWith("METHOD", StringComparison.Ordinal));
    }

    [Fact]
    public void The_written_timezone_rule_agrees_with_the_system_zone_for_years_to_come()
    {
        // The VTIMEZONE is written out by hand; this notices if the tz database and our rule ever part.
        for (var year = 2024; year <= 2040; year++)
        {
            var march = LastSunday(year, 3);
            var october = LastSunday(year, 10);
            Assert.Equal(Ics.FromStockholm(march.AddHours(1).AddMinutes(59)).Offset, TimeSpan.FromHours(1));
            Assert.Equal(Ics.FromStockholm(march.AddHours(3)).Offset, TimeSpan.FromHours(2));
            Assert.Equal(Ics.FromStockholm(march.AddHours(2)), Ics.FromStockholm(march.AddHours(3)));
            Assert.Equal(Ics.ToStockholm(Ics.FromStockholm(october.AddHours(3))), october.AddHours(3));
            Assert.Equal(Ics.FromStockholm(october.AddHours(3)).Offset, TimeSpan.FromHours(1));
            Assert.Equal(Ics.FromStockholm(october.AddHours(2)).Offset, TimeSpan.FromHours(2));
        }

        static DateTime LastSunday(int year, int month)
        {
            var d = new DateTime(year, month, DateTime.DaysInMonth(year, month));
            while (d.DayOfWeek != DayOfWeek.Sunday) d = d.AddDays(-1);
            return d;
        }
    }

    [Fact]
    public void A_gathering_that_ends_before_it_starts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Ics.Write("Distriktets träffar", [Event(Stamp, Stamp.AddHours(-1))]));
    }

    private static List<byte[]> SplitOnCrlf(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
        }
        Assert.Equal(bytes.Length, start); // the text ends in CRLF
        return lines;
    }
}
