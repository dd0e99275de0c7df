using Distrikt.Features.Assignments;
using Distrikt.Features.Demo;
using Distrikt.Features.Gatherings.Calendar;
using Distrikt.Features.People;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Gatherings in the demo district: a chairs' meeting with childcare in two weeks (the demo chair of Tierp registered,
/// with two children), a full theme seminar with a waiting list, a digital local leaders' meeting for all members, an
/// internal gathering of the Uppsala association, last month's meeting with check-ins, and the district's few places at
/// a national event, drawn by lottery: the applications closed yesterday, so the list is ready to be fixed and drawn.
/// </summary>
public static class GatheringDemo
{
    public static async Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct)
    {
        var today = demo.Today;
        DateTimeOffset At(int days, int hour, int minute = 0) => Ics.UtcFromStockholm(today.AddDays(days).ToDateTime(new TimeOnly(hour, minute)));
        var chairType = await db.Set<AssignmentType>().Where(t => t.Key == StandardAssignmentTypes.Chair).Select(t => t.Id).FirstAsync(ct);
        var members = await db.Set<Membership>().Where(m => m.EndedOn == null && demo.Associations.Contains(m.UnitId))
            .OrderBy(m => m.PersonId).Select(m => m.PersonId).Distinct().Take(40).ToListAsync(ct);

        Gathering New(GatheringType type, string title, string description, Guid unit, params (int Days, int From, int To, string? Title)[] sessions)
        {
            var g = new Gathering { Type = type, Title = title, Description = description, UnitId = unit, CreatedByPersonId = demo.StaffId };
            g.Sessions.AddRange(sessions.Select((s, i) => new GatheringSession { GatheringId = g.Id, Order = i + 1, Title = s.Title, StartsAt = At(s.Days, s.From), EndsAt = At(s.Days, s.To) }));
            return g;
        }

        var chairs = New(GatheringType.Chairs, "Ordförandeträff hösten", "Vi går igenom verksamhetsplanen och hur föreningarna ligger till med medlemsvården.\n\n- Läget i föreningarna\n- Valplanen inför nästa år\n- Fika", demo.DistrictId, (14, 10, 15, null));
        chairs.Address = "Distriktskansliet, Kungsgatan 10, Uppsala";
        chairs.MeetingLink = "https://mote.exempel.test/ordforande";
        chairs.Invitation = Invitation.AssignmentHolders;
        chairs.InvitedTypes.Add(new GatheringInvitedType { GatheringId = chairs.Id, AssignmentTypeId = chairType });
        chairs.ChildcareOffered = true;
        chairs.ChildcarePlaces = 10;
        chairs.RegistrationDeadline = At(10, 23, 59);
        chairs.Questions.Add(new GatheringQuestion { GatheringId = chairs.Id, Order = 1, Text = "Kost: allergier eller specialkost", Kind = QuestionKind.Text, Sensitive = true });

        var seminar = New(GatheringType.ThemeSeminar, "Temaseminarium: bostadspolitik", "Ett seminarium om hyresrätter och ombildningar, med en inbjuden forskare.", demo.DistrictId, (21, 13, 16, null));
        seminar.Address = "ABF-huset, Sysslomansgatan 3, Uppsala";
        seminar.Capacity = 12;
        seminar.IsPublic = true;
        seminar.ChildcareOffered = true;
        seminar.Questions.Add(new GatheringQuestion { GatheringId = seminar.Id, Order = 1, Text = "Vill du äta lunch efteråt?", Kind = QuestionKind.YesNo });

        var leaders = New(GatheringType.LocalLeaders, "Lokalledarträff (digital)", "Kvällsträff för alla som vill engagera sig lokalt.", demo.DistrictId, (7, 19, 20, null));
        leaders.MeetingLink = "https://mote.exempel.test/lokalledare";

        var uppsala = New(GatheringType.Other, "Medlemsmöte i Vänsterpartiet Uppsala", "Internt möte för föreningens medlemmar.", demo.Associations[0], (9, 18, 20, null));
        uppsala.Address = "Föreningslokalen, Uppsala";

        var past = New(GatheringType.Training, "Grundutbildning, dag 1 och 2", "Partiets grundutbildning.", demo.DistrictId, (-30, 10, 16, "Dag 1"), (-29, 10, 15, "Dag 2"));
        past.Address = "Distriktskansliet, Kungsgatan 10, Uppsala";
        past.Capacity = 25;

        var national = New(GatheringType.Conference, "Vänsterdagarna – distriktets platser",
            "Distriktet har sex platser på Vänsterdagarna, med resa och logi betalda. Platserna lottas bland dem som söker; den som inte varit med förut går först, och högst två platser går till samma förening.",
            demo.DistrictId, (60, 10, 18, "Dag 1"), (61, 9, 18, "Dag 2"), (62, 9, 14, "Dag 3"));
        national.Address = "Stockholm";
        national.Capacity = 6;
        national.SeatsByLottery = true;
        national.LotteryFirstTimersFirst = true;
        national.LotteryMaxPerAssociation = 2;
        national.RegistrationDeadline = At(-1, 23, 59);

        db.AddRange(chairs, seminar, leaders, uppsala, past, national);
        await db.SaveChangesAsync(ct);

        var now = DateTimeOffset.UtcNow;
        Registration Register(Gathering g, Guid person, RegistrationStatus status, int minutesAgo, params int[] childAges)
        {
            var r = new Registration
            {
                GatheringId = g.Id, PersonId = person, Status = status, RegisteredAt = now.AddMinutes(-minutesAgo), UpdatedAt = now.AddMinutes(-minutesAgo),
                QueuedAt = status == RegistrationStatus.Waiting ? now.AddMinutes(-minutesAgo) : null,
                CheckInCode = Registrations.NewCheckInCode(),
            };
            r.Children.AddRange(childAges.Select((a, i) => new RegistrationChild { RegistrationId = r.Id, Order = i + 1, Age = a }));
            r.Sessions.AddRange(g.Sessions.Select(s => new RegistrationSession { RegistrationId = r.Id, SessionId = s.Id }));
            return r;
        }
        var registrations = new List<Registration> { Register(chairs, demo.ChairId, RegistrationStatus.Confirmed, 300, 4, 7) };
        registrations.AddRange(members.Take(12).Select((p, i) => Register(seminar, p, RegistrationStatus.Confirmed, 2000 - i, i % 5 == 0 ? [3] : [])));
        registrations.AddRange(members.Skip(12).Take(3).Select((p, i) => Register(seminar, p, RegistrationStatus.Waiting, 500 - i)));
        registrations.AddRange(members.Skip(15).Take(20).Select((p, i) =>
        {
            var r = Register(past, p, RegistrationStatus.Confirmed, 60000 - i);
            if (i % 6 != 0) r.CheckedInAt = past.Sessions[0].StartsAt.AddMinutes(-5 + i % 10);
            return r;
        }));
        string[] motivations =
        [
            "Jag har aldrig varit på Vänsterdagarna och vill ta med idéer hem till föreningen.",
            "Jag är ny studieorganisatör och vill gå på seminarierna om folkbildning.",
            "Vår förening startar om efter ett par tysta år; jag vill träffa andra som gjort det.",
            "Jag vill lära mig mer om fackligt arbete och ta det vidare till vår arbetsplatsgrupp.",
        ];
        registrations.AddRange(members.Skip(4).Take(18).Select((p, i) =>
        {
            var r = Register(national, p, RegistrationStatus.Applied, 9000 - i * 97);
            r.Motivation = motivations[i % motivations.Length];
            r.FirstTime = i % 3 != 0;
            return r;
        }));
        db.AddRange(registrations);
        await db.SaveChangesAsync(ct);
    }
}
