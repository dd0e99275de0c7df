using Distrikt.Features.Assignments;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// The rules of faddersystemet in one place, so the overview, the contact log and the start page cannot disagree
/// about who is a liaison and when a contact is overdue.
/// </summary>
public static class LiaisonRules
{
    /// <summary>Every six weeks: what district plans commonly write.</summary>
    public const int DefaultRhythmDays = 42;
    public const int MinRhythmDays = 1;
    /// <summary>The database's check constraint (ck_liaisons_rhythm): a contact at least once a year.</summary>
    public const int MaxRhythmDays = 366;
    public const int NoteMaxLength = 4000;
    /// <summary>A contact log starting before the product existed is a typo, not history.</summary>
    public static readonly DateOnly EarliestContact = new(2000, 1, 1);

    public static IReadOnlyList<(ContactChannel Channel, string Label)> Channels { get; } =
    [
        (ContactChannel.Phone, "Telefon"),
        (ContactChannel.Meeting, "Möte"),
        (ContactChannel.DigitalMeeting, "Digitalt möte"),
        (ContactChannel.Email, "E-post"),
        (ContactChannel.Message, "Meddelande"),
    ];

    public static string ChannelLabel(ContactChannel channel) => Channels.FirstOrDefault(c => c.Channel == channel).Label ?? channel.ToString();

    /// <summary>
    /// When the next contact is due: the rhythm counted from the association's last contact, whoever made it, or
    /// from the liaison's start when there has been none. A new liaison does not restart the clock of an association
    /// that has long waited: the flag is about the association, not about the person.
    /// </summary>
    public static DateOnly DueOn(DateOnly? lastContact, DateOnly liaisonStart, int rhythmDays) => (lastContact ?? liaisonStart).AddDays(rhythmDays);

    /// <summary>Overdue from the day after the due date: contact on the due day itself is on time.</summary>
    public static bool IsOverdue(DateOnly dueOn, DateOnly today) => dueOn < today;

    /// <summary>"var 42:e dag" / "var 7:e dag" / "varje dag" — the rhythm as Swedes say it.</summary>
    public static string Rhythm(int days) => days switch
    {
        1 => "varje dag",
        7 => "varje vecka",
        _ when days % 7 == 0 => $"var {days / 7}:e vecka",
        _ => $"var {days}:e dag",
    };

    /// <summary>Liaison relations whose own dates include the day (whether the person still sits on the board is a separate question).</summary>
    public static IQueryable<Liaison> CurrentOn(this IQueryable<Liaison> liaisons, DateOnly day) =>
        liaisons.Where(l => l.StartsOn <= day && (l.EndsOn == null || l.EndsOn >= day));

    /// <summary>
    /// People holding a board seat (ledamot, ersättare, ordförande …: a type marked as board seat) in the district on
    /// the day. Only they can be liaisons, and a liaison whose seat has ended no longer counts.
    /// </summary>
    public static IQueryable<Assignment> BoardSeats(DistriktDb db, Guid districtId, DateOnly day) =>
        db.Set<Assignment>().AsNoTracking()
            .Where(a => a.UnitId == districtId && a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day) && a.AssignmentType!.IsBoardSeat);

    /// <summary>Reads a rhythm typed in a form; null with a Swedish message when it is not a whole number of days within the limits.</summary>
    public static int? ReadRhythm(string? value, string field, FieldErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, "Fyll i hur många dagar det får gå mellan kontakterna, till exempel 42 för var sjätte vecka.");
            return null;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days))
        {
            errors.Add(field, "Skriv kontaktrytmen som ett helt antal dagar, till exempel 42.");
            return null;
        }
        if (days is < MinRhythmDays or > MaxRhythmDays)
        {
            errors.Add(field, $"Kontaktrytmen ska vara mellan {MinRhythmDays} och {MaxRhythmDays} dagar.");
            return null;
        }
        return days;
    }
}
