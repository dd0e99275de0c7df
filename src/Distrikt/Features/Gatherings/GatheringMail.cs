using System.Text;
using Distrikt.Features.Gatherings.Calendar;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Mail;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>The e-mails of a gathering: the confirmation with a calendar file, and a seat offered from the waiting list.</summary>
public static class GatheringMail
{
    /// <summary>The gathering as a calendar file: one entry per session.</summary>
    public static string Calendar(Gathering g, string baseUrl, DateTimeOffset stamp, string? method = "PUBLISH") =>
        Ics.Write(g.Title, g.Sessions.OrderBy(s => s.Order).Select(s => Event(g, s, baseUrl, stamp)), method);

    public static CalendarEvent Event(Gathering g, GatheringSession s, string baseUrl, DateTimeOffset stamp) => new(
        Uid: $"{s.Id}@distrikt",
        Summary: s.Title is null ? g.Title : $"{g.Title}: {s.Title}",
        Start: s.StartsAt, End: s.EndsAt, Stamp: stamp,
        Description: g.MeetingLink is null ? $"{baseUrl}/traffar/{g.Id}" : $"Möteslänk: {g.MeetingLink}\n{baseUrl}/traffar/{g.Id}",
        Location: g.Address ?? g.MeetingLink,
        Url: $"{baseUrl}/traffar/{g.Id}",
        Cancelled: g.CancelledAt is not null,
        Sequence: (int)Math.Min(int.MaxValue, g.SeatVersion));

    public static string When(Gathering g) => string.Join("\n", g.Sessions.OrderBy(s => s.Order).Select(s =>
        $"{SwedishFormat.DateTime(s.StartsAt)}–{SwedishFormat.Local(s.EndsAt):HH:mm}{(s.Title is null ? "" : $" ({s.Title})")}"));

    public static async Task SendConfirmationAsync(IServiceProvider services, Gathering g, Guid personId, RegistrationOutcome outcome, string baseUrl, CancellationToken ct)
    {
        var db = services.GetRequiredService<DistriktDb>();
        var email = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.Email).FirstOrDefaultAsync(ct);
        if (email is null) return;
        var clock = services.GetRequiredService<TimeProvider>();
        var link = $"{baseUrl}/traffar/{g.Id}";
        var body = new StringBuilder();
        body.AppendLine("Hej!").AppendLine();
        body.AppendLine(outcome.Status == RegistrationStatus.Waiting
            ? $"Träffen ”{g.Title}” är fullbokad. Du står på väntelistan som nummer {outcome.WaitingPosition}. Blir en plats ledig får du ett mejl och en tid att tacka ja."
            : $"Du är anmäld till ”{g.Title}”.");
        body.AppendLine().AppendLine("När:").AppendLine(When(g));
        if (g.Address is not null) body.AppendLine().AppendLine($"Var: {g.Address}");
        if (g.MeetingLink is not null) body.AppendLine().AppendLine($"Möteslänk: {g.MeetingLink}");
        body.AppendLine().AppendLine($"Ändra eller avboka din anmälan här: {link}");
        if (outcome.Status == RegistrationStatus.Confirmed) body.AppendLine().AppendLine("Kalenderfilen i mejlet lägger in träffen i din kalender.");
        var attachments = outcome.Status == RegistrationStatus.Confirmed
            ? new[] { new MailAttachment("traff.ics", Ics.ContentType, Encoding.UTF8.GetBytes(Calendar(g, baseUrl, clock.GetUtcNow(), "PUBLISH"))) }
            : null;
        await services.GetRequiredService<IMailSender>().SendAsync(new OutgoingMail(email,
            outcome.Status == RegistrationStatus.Waiting ? $"Väntelista: {g.Title}" : $"Anmäld: {g.Title}", body.ToString(), Attachments: attachments), ct);
    }

    public static async Task SendOffersAsync(IServiceProvider services, Gathering g, IReadOnlyList<SeatOffer> offers, CancellationToken ct, string? baseUrl = null)
    {
        if (offers.Count == 0) return;
        var db = services.GetRequiredService<DistriktDb>();
        baseUrl ??= services.GetRequiredService<DistriktOptions>().PublicUrl.TrimEnd('/');
        var ids = offers.Select(o => o.PersonId).ToList();
        var emails = await db.Set<Person>().Where(p => ids.Contains(p.Id) && p.Email != null).ToDictionaryAsync(p => p.Id, p => p.Email!, ct);
        var mail = services.GetRequiredService<IMailSender>();
        foreach (var offer in offers)
        {
            if (!emails.TryGetValue(offer.PersonId, out var email)) continue;
            await mail.SendAsync(new OutgoingMail(email, $"En plats har blivit ledig: {g.Title}",
                $"""
                Hej!

                En plats har blivit ledig på ”{g.Title}”, och du står först i tur på {(g.SeatsByLottery ? "reservlistan från lottningen" : "väntelistan")}.

                När:
                {When(g)}

                Platsen är din om du tackar ja senast {SwedishFormat.DateTime(offer.ExpiresAt)}: {baseUrl}/traffar/{g.Id}

                Svarar du inte går platsen vidare till nästa på listan.
                """), ct);
        }
    }

    /// <summary>The receipt for an application to a lottery: what happens next and when.</summary>
    public static async Task SendApplicationReceivedAsync(IServiceProvider services, Gathering g, Guid registrationId, string baseUrl, CancellationToken ct)
    {
        var db = services.GetRequiredService<DistriktDb>();
        var email = await db.Set<Registration>().Where(r => r.Id == registrationId).Select(r => r.Person!.Email).FirstOrDefaultAsync(ct);
        if (email is null) return;
        var closes = Registrations.ClosesAt(g);
        await services.GetRequiredService<IMailSender>().SendAsync(new OutgoingMail(email, $"Ansökan mottagen: {g.Title}",
            $"""
            Hej!

            Vi har tagit emot din ansökan till ”{g.Title}”.

            Platserna lottas bland alla som ansökt{(closes is { } c ? $" senast {SwedishFormat.DateTime(c)}" : "")}. Före lottningen publiceras
            listan över ansökningar (med nummer, inte namn), reglerna och slumpfröet, så att vem som helst kan kontrollera
            resultatet. Du får ett mejl när lottningen är gjord.

            När:
            {When(g)}

            Ändra eller dra tillbaka din ansökan här: {baseUrl}/traffar/{g.Id}
            """), ct);
    }

    /// <summary>
    /// The result of a draw to every applicant still in it: a seat (with the calendar file), or the place on the
    /// reserve list. Seats re-offered at once (an applicant who withdrew was drawn) go out as offers. Returns the count.
    /// </summary>
    public static async Task<int> SendDrawResultsAsync(IServiceProvider services, Gathering g, Allocation.DrawOutcome outcome, string baseUrl, CancellationToken ct)
    {
        var db = services.GetRequiredService<DistriktDb>();
        var ids = outcome.Seated.Concat(outcome.Reserve.Select(r => r.PersonId)).ToList();
        var emails = new Dictionary<Guid, string>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var p in await db.Set<Person>().Where(p => chunk.Contains(p.Id) && p.Email != null).Select(p => new { p.Id, p.Email }).ToListAsync(ct))
                emails[p.Id] = p.Email!;
        var mail = services.GetRequiredService<IMailSender>();
        var link = $"{baseUrl}/traffar/{g.Id}";
        var calendar = Encoding.UTF8.GetBytes(Calendar(g, baseUrl, services.GetRequiredService<TimeProvider>().GetUtcNow(), "PUBLISH"));
        var sent = 0;
        foreach (var personId in outcome.Seated)
        {
            if (!emails.TryGetValue(personId, out var email)) continue;
            await mail.SendAsync(new OutgoingMail(email, $"Du har fått en plats: {g.Title}",
                $"Hej!\n\nLottningen till ”{g.Title}” är gjord, och du har fått en plats.\n\nNär:\n{When(g)}\n{(g.Address is null ? "" : $"\nVar: {g.Address}\n")}\nKan du inte åka? Tacka nej på träffens sida så snart du vet, så går platsen vidare till reservlistan: {link}\n\nResultatet och hur det kan kontrolleras: {link}/lottning\n",
                Attachments: [new MailAttachment("traff.ics", Ics.ContentType, calendar)]), ct);
            sent++;
        }
        foreach (var (personId, position) in outcome.Reserve)
        {
            if (!emails.TryGetValue(personId, out var email)) continue;
            await mail.SendAsync(new OutgoingMail(email, $"Reservlista: {g.Title}",
                $"Hej!\n\nLottningen till ”{g.Title}” är gjord. Du fick ingen plats den här gången, men du står som nummer {position} på reservlistan. Tackar någon nej går platsen till reservlistan i lottad ordning, och då får du ett mejl med en tid att svara.\n\nResultatet och hur det kan kontrolleras: {link}/lottning\n"), ct);
            sent++;
        }
        await SendOffersAsync(services, g, outcome.Offers, ct, baseUrl);
        return sent + outcome.Offers.Count;
    }

    /// <summary>
    /// Reminders to those with a seat, <see cref="Gathering.ReminderHours"/> before the first session, once per gathering.
    /// Returns the number of e-mails sent.
    /// </summary>
    public static async Task<int> SendDueRemindersAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<DistriktDb>();
        var baseUrl = services.GetRequiredService<DistriktOptions>().PublicUrl.TrimEnd('/');
        var candidates = await db.Set<Gathering>().AsNoTracking().Include(g => g.Sessions)
            .Where(g => g.RemindedAt == null && g.CancelledAt == null && g.Sessions.Any(s => s.StartsAt > now)).ToListAsync(ct);
        var sent = 0;
        foreach (var g in candidates.Where(g => g.Sessions.Min(s => s.StartsAt) <= now.AddHours(g.ReminderHours)))
        {
            // Marked first: a reminder sent twice is worse than one lost to a crash between the two steps.
            if (await db.Set<Gathering>().Where(x => x.Id == g.Id && x.RemindedAt == null).ExecuteUpdateAsync(x => x.SetProperty(y => y.RemindedAt, now), ct) == 0) continue;
            var emails = await db.Set<Registration>().Where(r => r.GatheringId == g.Id && r.Status == RegistrationStatus.Confirmed && r.Person!.Email != null)
                .Select(r => r.Person!.Email!).ToListAsync(ct);
            var mail = services.GetRequiredService<IMailSender>();
            foreach (var email in emails)
            {
                await mail.SendAsync(new OutgoingMail(email, $"Påminnelse: {g.Title}",
                    $"Hej!\n\nVälkommen till ”{g.Title}”.\n\nNär:\n{When(g)}\n{(g.Address is null ? "" : $"\nVar: {g.Address}\n")}{(g.MeetingLink is null ? "" : $"\nMöteslänk: {g.MeetingLink}\n")}\nKan du inte komma? Avboka här, så går platsen till någon på väntelistan: {baseUrl}/traffar/{g.Id}\n"), ct);
                sent++;
            }
        }
        return sent;
    }

    /// <summary>After the registration deadline, the organiser who made the gathering gets the final numbers, once.</summary>
    public static async Task<int> SendDeadlineNoticesAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<DistriktDb>();
        var baseUrl = services.GetRequiredService<DistriktOptions>().PublicUrl.TrimEnd('/');
        var due = await db.Set<Gathering>().AsNoTracking().Include(g => g.Sessions)
            .Where(g => g.DeadlineNoticeAt == null && g.CancelledAt == null && g.RegistrationDeadline != null && g.RegistrationDeadline < now && g.CreatedByPersonId != null)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var g in due)
        {
            if (await db.Set<Gathering>().Where(x => x.Id == g.Id && x.DeadlineNoticeAt == null).ExecuteUpdateAsync(x => x.SetProperty(y => y.DeadlineNoticeAt, now), ct) == 0) continue;
            // Only gatherings still ahead: a deadline long past (an old gathering) needs no notice.
            if (g.Sessions.Count == 0 || g.Sessions.Max(s => s.EndsAt) < now) continue;
            var email = await db.Set<Person>().Where(p => p.Id == g.CreatedByPersonId).Select(p => p.Email).FirstOrDefaultAsync(ct);
            if (email is null) continue;
            var registrations = await db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == g.Id)
                .Include(r => r.Children).Include(r => r.Sessions).AsSplitQuery().ToListAsync(ct);
            var plan = Childcare.Plan(g, registrations);
            var body = new StringBuilder();
            body.AppendLine("Hej!").AppendLine();
            if (g.SeatsByLottery)
            {
                body.AppendLine($"Ansökan till ”{g.Title}” har stängt.").AppendLine();
                body.AppendLine($"Ansökningar: {registrations.Count(r => r.Status == RegistrationStatus.Applied)} till {g.Capacity} platser.");
                body.AppendLine($"Fastställ listan, publicera slumpfröet och lotta här: {baseUrl}/traffar/{g.Id}/lottning");
            }
            else
            {
                body.AppendLine($"Anmälan till ”{g.Title}” har stängt.").AppendLine();
                body.AppendLine($"Anmälda: {registrations.Count(r => r.Status == RegistrationStatus.Confirmed)}{(g.Capacity is { } c ? $" av {c} platser" : "")}");
                body.AppendLine($"På väntelistan: {registrations.Count(r => r.Status == RegistrationStatus.Waiting)}");
            }
            if (g.ChildcareOffered)
                foreach (var p in plan) body.AppendLine($"Barnpassning {SwedishFormat.DateTime(p.Session.StartsAt)}: {p.Children} barn, {p.Minders} barnvakter{(p.OverPlaces ? " – överbokad!" : "")}");
            body.AppendLine().AppendLine($"Deltagarlistan: {baseUrl}/traffar/{g.Id}/deltagare");
            await services.GetRequiredService<IMailSender>().SendAsync(new OutgoingMail(email, $"Anmälan stängd: {g.Title}", body.ToString()), ct);
            sent++;
        }
        return sent;
    }

    /// <summary>
    /// Tells everyone still registered that the gathering is cancelled, with the organiser's message. Those with a seat
    /// also get a calendar file that cancels the entry their confirmation put in their calendar (same UID, higher
    /// SEQUENCE). The gathering must be loaded with its sessions and already cancelled. Returns the number of e-mails sent.
    /// </summary>
    public static async Task<int> SendCancellationAsync(IServiceProvider services, Gathering g, string message,
        IReadOnlyList<(string Email, RegistrationStatus Status)> recipients, string baseUrl, CancellationToken ct)
    {
        var mail = services.GetRequiredService<IMailSender>();
        var stamp = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var calendar = Encoding.UTF8.GetBytes(Calendar(g, baseUrl, stamp, "CANCEL"));
        var sent = 0;
        foreach (var (email, status) in recipients)
        {
            var hadSeat = status == RegistrationStatus.Confirmed;
            var yours = status switch
            {
                RegistrationStatus.Confirmed => "Du hade en plats.",
                RegistrationStatus.Offered => "Du hade fått en plats erbjuden.",
                RegistrationStatus.Waiting => g.SeatsByLottery ? "Du stod på reservlistan." : "Du stod på väntelistan.",
                RegistrationStatus.Applied => "Du hade ansökt om en plats.",
                _ => "Du hade anmält dig.",
            };
            var body = new StringBuilder();
            body.AppendLine("Hej!").AppendLine();
            body.AppendLine($"Träffen ”{g.Title}” är inställd. {yours} Du behöver inte avboka något.");
            body.AppendLine().AppendLine("Meddelande från arrangören:").AppendLine(message);
            body.AppendLine().AppendLine("Träffen skulle ha varit:").AppendLine(When(g));
            if (hadSeat) body.AppendLine().AppendLine("Kalenderfilen i mejlet tar bort träffen ur din kalender.");
            body.AppendLine().AppendLine($"Träffens sida: {baseUrl}/traffar/{g.Id}");
            await mail.SendAsync(new OutgoingMail(email, $"Inställd: {g.Title}", body.ToString(),
                Attachments: hadSeat ? [new MailAttachment("traff.ics", Ics.ContentType, calendar)] : null), ct);
            sent++;
        }
        return sent;
    }
}
