using System.Globalization;
using Distrikt.Features.Gatherings.Calendar;
using Distrikt.Infrastructure.Web;

namespace Distrikt.Features.Gatherings;

/// <summary>The gathering form as posted: sessions and questions as rows, empty rows ignored; times as Stockholm wall time.</summary>
public sealed class GatheringForm
{
    /// <summary>Rows the form shows at least; one empty row more than those filled in, so there is always room to add one.</summary>
    public const int SessionRows = 2;
    public const int QuestionRows = 3;
    public const int MaxQuestions = 10;
    public const int MaxSessions = 20;

    public GatheringType Type { get; set; } = GatheringType.LocalLeaders;
    public string? Title { get; set; }
    public string? Description { get; set; }
    public List<SessionRow> Sessions { get; set; } = [];
    public string? Address { get; set; }
    public string? MeetingLink { get; set; }
    public Invitation Invitation { get; set; } = Invitation.Members;
    public List<Guid> InvitedTypes { get; set; } = [];
    /// <summary>For an invitation list: e-mail addresses or member numbers, one per line.</summary>
    public string? InviteeList { get; set; }
    public bool IsPublic { get; set; }
    public int? Capacity { get; set; }
    public string? DeadlineDate { get; set; }
    public string? DeadlineTime { get; set; }
    public bool ChildcareOffered { get; set; }
    public int ChildrenPerMinder { get; set; } = 4;
    public int? ChildcarePlaces { get; set; }
    public List<QuestionRow> Questions { get; set; } = [];
    /// <summary>Seats drawn by lottery among those who applied before the deadline, under the rules below.</summary>
    public bool SeatsByLottery { get; set; }
    public bool LotteryFirstTimersFirst { get; set; }
    public int? LotteryMaxPerAssociation { get; set; }
    public bool LotteryGenderBalance { get; set; }
    /// <summary>The operational plan's goal the gathering serves (stored as the goal's evidence, not on the gathering).</summary>
    public Guid? GoalId { get; set; }

    public sealed class SessionRow
    {
        public string? Date { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? Title { get; set; }
        public bool IsEmpty => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End) && string.IsNullOrWhiteSpace(Title);
    }

    public sealed class QuestionRow
    {
        public Guid? Id { get; set; }
        public string? Text { get; set; }
        public QuestionKind Kind { get; set; } = QuestionKind.Text;
        public string? Choices { get; set; }
        public bool Required { get; set; }
        public bool Sensitive { get; set; }
    }

    public static string TypeLabel(GatheringType t) => t switch
    {
        GatheringType.LocalLeaders => "Lokalledarträff",
        GatheringType.Chairs => "Ordförandeträff",
        GatheringType.ThemeSeminar => "Temaseminarium",
        GatheringType.Training => "Utbildning",
        GatheringType.Conference => "Konferens",
        _ => "Annat",
    };

    public static GatheringForm From(Gathering g) => new()
    {
        Type = g.Type, Title = g.Title, Description = g.Description, Address = g.Address, MeetingLink = g.MeetingLink,
        Invitation = g.Invitation, InvitedTypes = g.InvitedTypes.Select(t => t.AssignmentTypeId).ToList(), IsPublic = g.IsPublic,
        Capacity = g.Capacity, ChildcareOffered = g.ChildcareOffered, ChildrenPerMinder = g.ChildrenPerMinder, ChildcarePlaces = g.ChildcarePlaces,
        DeadlineDate = g.RegistrationDeadline is { } d ? Ics.ToStockholm(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        DeadlineTime = g.RegistrationDeadline is { } t ? Ics.ToStockholm(t).ToString("HH:mm", CultureInfo.InvariantCulture) : null,
        Sessions = g.Sessions.OrderBy(s => s.Order).Select(s => new SessionRow
        {
            Date = Ics.ToStockholm(s.StartsAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Start = Ics.ToStockholm(s.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture),
            End = Ics.ToStockholm(s.EndsAt).ToString("HH:mm", CultureInfo.InvariantCulture),
            Title = s.Title,
        }).ToList(),
        Questions = g.Questions.OrderBy(q => q.Order).Select(q => new QuestionRow { Id = q.Id, Text = q.Text, Kind = q.Kind, Choices = q.Choices, Required = q.Required, Sensitive = q.Sensitive }).ToList(),
        SeatsByLottery = g.SeatsByLottery, LotteryFirstTimersFirst = g.LotteryFirstTimersFirst,
        LotteryMaxPerAssociation = g.LotteryMaxPerAssociation, LotteryGenderBalance = g.LotteryGenderBalance,
    };

    /// <summary>Pads the rows so the form always offers an empty one to fill in (a long form is a long scroll on a phone).</summary>
    public GatheringForm WithEmptyRows()
    {
        var sessions = Math.Max(SessionRows, Sessions.Count(r => !r.IsEmpty) + 1);
        var questions = Math.Min(MaxQuestions, Math.Max(QuestionRows, Questions.Count(q => !string.IsNullOrWhiteSpace(q.Text)) + 1));
        while (Sessions.Count < sessions) Sessions.Add(new SessionRow());
        while (Questions.Count < questions) Questions.Add(new QuestionRow());
        return this;
    }

    /// <summary>
    /// Checks the form and writes it onto the gathering; false with the errors named per field when it cannot.
    /// <paramref name="hasRegistrations"/>: someone has registered or applied, so the way seats are given is settled.
    /// </summary>
    public bool TryApply(Gathering g, FieldErrors errors, bool hasRegistrations = false)
    {
        var title = Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add("Title", "Skriv en rubrik.");
        else if (title.Length > 200) errors.Add("Title", "Som mest 200 tecken.");
        if (!Enum.IsDefined(Type)) errors.Add("Type", "Välj vilken sorts träff det är.");
        var description = Description?.Trim() ?? "";
        if (description.Length > 20000) errors.Add("Description", $"Som mest 20 000 tecken; nu {SwedishFormat.Number(description.Length)}.");

        if (Sessions.Count(r => !r.IsEmpty) > MaxSessions) errors.Add("Sessions[0]", $"Som mest {MaxSessions} pass per träff.");
        if (Questions.Count(q => !string.IsNullOrWhiteSpace(q.Text)) > MaxQuestions) errors.Add("Questions[0]", $"Som mest {MaxQuestions} frågor per träff.");
        var sessions = new List<GatheringSession>();
        for (var i = 0; i < Sessions.Count && i < 100; i++)
        {
            var row = Sessions[i];
            if (row.IsEmpty) continue;
            var key = $"Sessions[{i}]";
            if (!DateOnly.TryParseExact(row.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            { errors.Add(key, $"Pass {i + 1}: skriv datumet som ÅÅÅÅ-MM-DD."); continue; }
            if (!TimeOnly.TryParseExact(row.Start?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(row.End?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            { errors.Add(key, $"Pass {i + 1}: skriv start- och sluttid som TT:MM."); continue; }
            var startsAt = Ics.UtcFromStockholm(date.ToDateTime(start));
            // An end before the start is taken to be after midnight (an evening that runs into the night).
            var endsAt = Ics.UtcFromStockholm((end > start ? date : date.AddDays(1)).ToDateTime(end));
            if (endsAt - startsAt > TimeSpan.FromHours(24)) { errors.Add(key, $"Pass {i + 1}: ett pass kan vara högst ett dygn; dela upp det i flera pass."); continue; }
            sessions.Add(new GatheringSession { Order = sessions.Count + 1, Title = string.IsNullOrWhiteSpace(row.Title) ? null : Cap(row.Title.Trim(), 200), StartsAt = startsAt, EndsAt = endsAt });
        }
        if (sessions.Count == 0 && !errors.Any) errors.Add("Sessions[0]", "Lägg till minst ett pass med datum och tider.");

        var address = Address?.Trim();
        var link = MeetingLink?.Trim();
        if (string.IsNullOrEmpty(address) && string.IsNullOrEmpty(link)) errors.Add("Address", "Ange en adress, en möteslänk eller båda.");
        if (address is { Length: > 300 }) errors.Add("Address", "Som mest 300 tecken.");
        if (!string.IsNullOrEmpty(link) && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || link.Length > 500))
            errors.Add("MeetingLink", "Möteslänken ska vara en fullständig adress som börjar med https://.");

        if (!Enum.IsDefined(Invitation)) errors.Add("Invitation", "Välj vilka som är inbjudna.");
        if (Invitation == Invitation.AssignmentHolders && InvitedTypes.Count == 0) errors.Add("Invitation", "Välj minst ett uppdrag vars innehavare bjuds in.");
        if (Capacity is { } c && c is < 1 or > 100000) errors.Add("Capacity", "Antalet platser ska vara mellan 1 och 100 000, eller tomt för obegränsat.");
        DateTimeOffset? deadline = null;
        if (!string.IsNullOrWhiteSpace(DeadlineDate))
        {
            if (!DateOnly.TryParseExact(DeadlineDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dd))
                errors.Add("DeadlineDate", "Skriv sista anmälningsdag som ÅÅÅÅ-MM-DD.");
            else
            {
                var time = TimeOnly.TryParseExact(DeadlineTime?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) ? dt : new TimeOnly(23, 59);
                deadline = Ics.UtcFromStockholm(dd.ToDateTime(time));
                if (sessions.Count > 0 && deadline > sessions.Min(s => s.StartsAt)) errors.Add("DeadlineDate", "Sista anmälningsdag måste vara före första passet.");
            }
        }
        if (SeatsByLottery != g.SeatsByLottery && hasRegistrations)
            errors.Add("SeatsByLottery", SeatsByLottery
                ? "Det finns redan anmälningar med platser efter anmälningsordning; lottning kan inte väljas nu."
                : "Det finns redan ansökningar; lottningen kan inte stängas av nu.");
        if (SeatsByLottery)
        {
            if (Capacity is null) errors.Add("Capacity", "Ange hur många platser som lottas.");
            if (deadline is null && errors["DeadlineDate"] is null) errors.Add("DeadlineDate", "Ange sista ansökningsdag: då stänger ansökan och lottningen kan göras.");
            if (LotteryMaxPerAssociation is { } m && m is < 1 or > 100000) errors.Add("LotteryMaxPerAssociation", "Högst antal per förening ska vara minst 1, eller tomt för ingen gräns.");
            // The published fingerprint covers the seats and the rules: once the list is fixed they stay as published.
            if (g.LotteryFixedAt is not null && (Capacity != g.Capacity || LotteryFirstTimersFirst != g.LotteryFirstTimersFirst
                || LotteryMaxPerAssociation != g.LotteryMaxPerAssociation || LotteryGenderBalance != g.LotteryGenderBalance))
                errors.Add("SeatsByLottery", "Listan är fastställd och fingeravtrycket publicerat; antal platser och lottningens regler kan inte ändras längre.");
        }
        if (ChildcareOffered)
        {
            if (ChildrenPerMinder is < 1 or > 20) errors.Add("ChildrenPerMinder", "Antal barn per barnvakt ska vara mellan 1 och 20.");
            if (ChildcarePlaces is { } p && p is < 1 or > 1000) errors.Add("ChildcarePlaces", "Platser i barnpassningen ska vara mellan 1 och 1 000, eller tomt.");
        }

        var questions = new List<GatheringQuestion>();
        for (var i = 0; i < Questions.Count && i < 100; i++)
        {
            var q = Questions[i];
            if (string.IsNullOrWhiteSpace(q.Text)) continue;
            var key = $"Questions[{i}]";
            if (q.Text.Trim().Length > 300) { errors.Add(key, $"Fråga {i + 1}: som mest 300 tecken."); continue; }
            if (!Enum.IsDefined(q.Kind)) { errors.Add(key, $"Fråga {i + 1}: välj svarstyp."); continue; }
            var choices = q.Kind == QuestionKind.Choice
                ? string.Join('\n', (q.Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
                : null;
            if (q.Kind == QuestionKind.Choice && (choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 2)
            { errors.Add(key, $"Fråga {i + 1}: skriv minst två alternativ, ett per rad."); continue; }
            if (choices is { Length: > 2000 }) { errors.Add(key, $"Fråga {i + 1}: alternativen får vara som mest 2 000 tecken."); continue; }
            var existing = q.Id is { } id ? g.Questions.FirstOrDefault(x => x.Id == id) : null;
            var question = existing ?? new GatheringQuestion { GatheringId = g.Id, Text = "" };
            question.Order = questions.Count + 1;
            question.Text = q.Text.Trim();
            question.Kind = q.Kind;
            question.Choices = choices;
            question.Required = q.Required;
            question.Sensitive = q.Sensitive;
            questions.Add(question);
        }
        if (errors.Any) return false;

        g.Type = Type;
        g.Title = title;
        g.Description = description;
        g.Address = string.IsNullOrEmpty(address) ? null : address;
        g.MeetingLink = string.IsNullOrEmpty(link) ? null : link;
        g.Invitation = Invitation;
        g.IsPublic = IsPublic;
        g.Capacity = Capacity;
        g.RegistrationDeadline = deadline;
        g.ChildcareOffered = ChildcareOffered;
        g.SeatsByLottery = SeatsByLottery;
        if (SeatsByLottery)
        {
            g.LotteryFirstTimersFirst = LotteryFirstTimersFirst;
            g.LotteryMaxPerAssociation = LotteryMaxPerAssociation;
            g.LotteryGenderBalance = LotteryGenderBalance;
        }
        g.ChildrenPerMinder = ChildcareOffered ? ChildrenPerMinder : g.ChildrenPerMinder;
        g.ChildcarePlaces = ChildcareOffered ? ChildcarePlaces : null;
        // Sessions are replaced by time; a registration's chosen sessions follow the session that keeps its place.
        for (var i = 0; i < sessions.Count; i++)
        {
            if (i < g.Sessions.Count)
            {
                var kept = g.Sessions.OrderBy(s => s.Order).ElementAt(i);
                kept.Order = sessions[i].Order; kept.Title = sessions[i].Title; kept.StartsAt = sessions[i].StartsAt; kept.EndsAt = sessions[i].EndsAt;
            }
            else g.Sessions.Add(sessions[i]);
        }
        foreach (var extra in g.Sessions.OrderBy(s => s.Order).Skip(sessions.Count).ToList()) g.Sessions.Remove(extra);
        foreach (var removed in g.Questions.Where(q => !questions.Contains(q)).ToList()) g.Questions.Remove(removed);
        foreach (var q in questions.Where(q => !g.Questions.Contains(q))) g.Questions.Add(q);
        g.InvitedTypes.RemoveAll(t => !InvitedTypes.Contains(t.AssignmentTypeId) || Invitation != Invitation.AssignmentHolders);
        if (Invitation == Invitation.AssignmentHolders)
            foreach (var t in InvitedTypes.Distinct().Where(t => g.InvitedTypes.All(x => x.AssignmentTypeId != t)))
                g.InvitedTypes.Add(new GatheringInvitedType { GatheringId = g.Id, AssignmentTypeId = t });
        return true;
    }

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];
}
