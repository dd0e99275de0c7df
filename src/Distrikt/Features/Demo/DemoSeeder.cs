using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Demo;

public sealed record DemoAccount(string Role, string Email, string FirstName, string LastName);

/// <summary>What the seeded district consists of, for the features that add their own demo data on top of it.</summary>
/// <param name="Associations">In the order of <c>DemoSeeder.Associations</c>: Uppsala first, Tierp third.</param>
public sealed record DemoDistrict(Guid DistrictId, IReadOnlyList<Guid> Associations, Guid StaffId, Guid ChairId, Guid BoardMemberId, Guid MemberId,
    DateOnly Today, Random Random);

/// <summary>
/// Seeds a fictional district on real geography (Uppsala county's municipalities) with Swedish names, so a
/// newcomer sees a realistic product. Every person is invented; phone numbers are in the range Sweden's
/// regulator reserves for fiction (070-1740605 – 070-1740699) and e-mail addresses end in .test.
/// </summary>
public sealed class DemoSeeder(DistriktDb db, UserManager<User> users, TimeProvider clock)
{
    public const int DefaultMembers = 600;
    public const int MaxMembers = 200_000;
    public const string DistrictName = "Vänsterpartiet Uppsala län";

    public static readonly DemoAccount Staff = new("Distriktets ombudsman", "ombudsman@demo.distrikt.test", "Maria", "Sandberg");
    public static readonly DemoAccount Chair = new("Ordförande i Vänsterpartiet Tierp", "ordforande.tierp@demo.distrikt.test", "Johan", "Åkesson");
    public static readonly DemoAccount BoardMember = new("Ledamot i distriktsstyrelsen", "ledamot@demo.distrikt.test", "Erik", "Öhman");
    public static readonly DemoAccount Member = new("Medlem i Vänsterpartiet Uppsala", "medlem@demo.distrikt.test", "Leila", "Haddad");
    public static IReadOnlyList<DemoAccount> Accounts { get; } = [Staff, Chair, BoardMember, Member];

    private static readonly (string Name, string[] Codes, int Weight)[] Associations =
    [
        ("Vänsterpartiet Uppsala", ["0380"], 55),
        ("Vänsterpartiet Enköping", ["0381"], 10),
        ("Vänsterpartiet Tierp", ["0360"], 7),
        ("Vänsterpartiet Östhammar", ["0382"], 6),
        ("Vänsterpartiet Håbo", ["0305"], 6),
        ("Vänsterpartiet Knivsta", ["0330"], 6),
        ("Vänsterpartiet Heby", ["0331"], 5),
        ("Vänsterpartiet Älvkarleby", ["0319"], 5),
    ];

    private static readonly string[] FirstNames =
    [
        "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin", "Linnéa", "Elin", "Ida", "Johanna",
        "Åsa", "Ebba", "Alva", "Maja", "Nour", "Fatima", "Amina", "Zeynep", "Sofia", "Hanna", "Agnes", "Saga", "Ylva", "Märta",
        "Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Thomas", "Jan", "Daniel", "Fredrik", "Mattias",
        "Oskar", "Viktor", "Ali", "Mohammed", "Ahmed", "Hassan", "Emil", "Axel", "Olle", "Åke", "Örjan", "Jonas", "Niklas", "Leo",
        "Kim", "Robin", "Alex", "Noa", "Sam",
    ];

    private static readonly string[] Streets =
        ["Storgatan", "Kungsgatan", "Skolgatan", "Järnvägsgatan", "Fyrisvägen", "Åsgatan", "Ängsvägen", "Björkvägen", "Örsundsgatan", "Vaksalagatan"];

    private static readonly string[] LastNames =
    [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
        "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Lindqvist", "Lindgren", "Berg", "Bergström",
        "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström", "Danielsson",
        "Håkansson", "Lundin", "Holm", "Nyström", "Fransson", "Hassan", "Ali", "Mohammed", "Yilmaz", "Haddad", "Nguyen",
        "Åberg", "Åkesson", "Ågren", "Öberg", "Öhman", "Östlund", "Ängström", "Ärlig", "Zetterberg", "Wikström", "Vestin",
    ];

    public async Task<bool> SeedIfEmptyAsync(int members, IProgress<(int Done, int Total)>? progress, CancellationToken ct = default)
    {
        await StandardAssignmentTypes.EnsureAsync(db, ct);
        if (await db.Set<Unit>().AnyAsync(ct)) return false;
        await SeedAsync(members, progress, ct);
        return true;
    }

    public async Task SeedAsync(int members, IProgress<(int Done, int Total)>? progress, CancellationToken ct = default)
    {
        if (members is < 0 or > MaxMembers) throw new ArgumentOutOfRangeException(nameof(members), $"Antalet medlemmar måste vara mellan 0 och {MaxMembers}.");
        await StandardAssignmentTypes.EnsureAsync(db, ct);
        var random = new Random(2026);
        var today = Infrastructure.Web.SwedishFormat.Today(clock);
        var types = await db.Set<AssignmentType>().Where(t => t.Key != null).ToDictionaryAsync(t => t.Key!, ct);

        var federation = new Unit { Kind = UnitKind.Federation, Name = "Vänsterpartiet" };
        var district = new Unit { Kind = UnitKind.District, Name = DistrictName, Parent = federation };
        var associations = Associations.Select(a => new Unit
        {
            Kind = UnitKind.Association,
            Name = a.Name,
            Parent = district,
            Municipalities = a.Codes.Select(c => new UnitMunicipality { MunicipalityCode = c }).ToList(),
        }).ToList();
        db.Set<Unit>().AddRange([federation, district, .. associations]);
        await db.SaveChangesAsync(ct);

        var postalCodes = Associations.SelectMany(a => a.Codes)
            .ToDictionary(c => c, c => SwedishGeography.PostalCodesIn(c).ToArray());

        var memberNumber = 4_100_000;
        Person NewPerson(string first, string last, Unit association)
        {
            var code = association.Municipalities[0].MunicipalityCode;
            var postals = postalCodes[code];
            return new Person
            {
                FirstName = first,
                LastName = last,
                MemberNumber = (memberNumber++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                BirthDate = today.AddDays(-random.Next(18 * 365, 85 * 365)),
                Email = $"{Ascii(first)}.{Ascii(last)}{random.Next(1, 999)}@exempel.test",
                // 070-174 06 05 … 070-174 06 99: the range Post- och telestyrelsen keeps for fiction.
                Phone = $"+467017406{random.Next(5, 100):00}",
                StreetAddress = $"{Pick(random, Streets)} {random.Next(1, 60)}",
                PostalCode = postals.Length > 0 ? postals[random.Next(postals.Length)] : null,
                City = SwedishGeography.FindMunicipality(code)?.Name,
                MunicipalityCode = code,
                CreatedAt = clock.GetUtcNow().AddDays(-random.Next(0, 3650)),
            };
        }

        // Fees run by calendar year; about one in eight has not paid this year's yet.
        var paidThisYear = new DateOnly(today.Year, 12, 31);
        var paidLastYear = new DateOnly(today.Year - 1, 12, 31);
        Membership MembershipIn(Person p, Unit association, int maxYearsBack) => new()
        {
            PersonId = p.Id,
            UnitId = association.Id,
            // About one in twenty joined within the last two months, as after a campaign; the rest over the years.
            StartedOn = random.Next(20) == 0 ? today.AddDays(-random.Next(0, 60)) : today.AddDays(-random.Next(60, 365 * maxYearsBack + 1)),
            FeePaidThrough = random.Next(8) == 0 ? paidLastYear : paidThisYear,
        };

        // The people behind the demo accounts, and the boards.
        var uppsala = associations[0];
        var tierp = associations[2];
        var staff = NewPerson(Staff.FirstName, Staff.LastName, uppsala);
        var chair = NewPerson(Chair.FirstName, Chair.LastName, tierp);
        var boardMember = NewPerson(BoardMember.FirstName, BoardMember.LastName, uppsala);
        var member = NewPerson(Member.FirstName, Member.LastName, uppsala);
        staff.Email = Staff.Email; chair.Email = Chair.Email; boardMember.Email = BoardMember.Email; member.Email = Member.Email;
        var accountPeople = new[] { staff, chair, boardMember, member };
        db.Set<Person>().AddRange(accountPeople);
        db.Set<Membership>().AddRange(
            MembershipIn(staff, uppsala, 12), MembershipIn(chair, tierp, 9), MembershipIn(boardMember, uppsala, 6),
            new Membership { Person = member, UnitId = uppsala.Id, StartedOn = today.AddDays(-40) });

        var assignments = new List<Assignment>
        {
            Appoint(staff, district, types[StandardAssignmentTypes.Ombudsman], today.AddYears(-3), null),
            Appoint(chair, tierp, types[StandardAssignmentTypes.Chair], today.AddMonths(-8), null),
            Appoint(chair, district, types[StandardAssignmentTypes.Deputy], today.AddMonths(-8), null),
            Appoint(boardMember, district, types[StandardAssignmentTypes.BoardMember], today.AddMonths(-8), null),
            Appoint(boardMember, district, types[StandardAssignmentTypes.Liaison], today.AddMonths(-8), null),
            // An ended assignment: it must give nothing.
            Appoint(member, uppsala, types[StandardAssignmentTypes.Treasurer], today.AddYears(-2), today.AddMonths(-3)),
        };

        // District board and association boards. Älvkarleby has no chair: a vacancy the overview shows.
        var boardSeats = new (Unit Unit, string TypeKey)[]
        {
            (district, StandardAssignmentTypes.Chair), (district, StandardAssignmentTypes.ViceChair), (district, StandardAssignmentTypes.Treasurer),
            (district, StandardAssignmentTypes.Secretary), (district, StandardAssignmentTypes.BoardMember), (district, StandardAssignmentTypes.BoardMember),
            (district, StandardAssignmentTypes.Deputy), (district, StandardAssignmentTypes.Deputy), (district, StandardAssignmentTypes.FeministWork),
            (district, StandardAssignmentTypes.YouthContact), (district, StandardAssignmentTypes.UnionWork), (district, StandardAssignmentTypes.Auditor),
            (district, StandardAssignmentTypes.NominatingCommittee),
        }.ToList();
        foreach (var a in associations)
        {
            if (a != tierp && a.Name != "Vänsterpartiet Älvkarleby") boardSeats.Add((a, StandardAssignmentTypes.Chair));
            boardSeats.Add((a, StandardAssignmentTypes.Treasurer));
            if (a.Name != "Vänsterpartiet Heby") boardSeats.Add((a, StandardAssignmentTypes.Secretary));
            boardSeats.Add((a, StandardAssignmentTypes.BoardMember));
            if (a == uppsala) boardSeats.Add((a, StandardAssignmentTypes.MemberOfficer));
        }
        foreach (var (unit, key) in boardSeats)
        {
            var home = unit.Kind == UnitKind.Association ? unit : associations[random.Next(associations.Count)];
            var p = NewPerson(Pick(random, FirstNames), Pick(random, LastNames), home);
            db.Set<Person>().Add(p);
            db.Set<Membership>().Add(MembershipIn(p, home, 15));
            var starts = today.AddMonths(-random.Next(1, 30));
            // A few assignments end soon, so the start page has something to warn about.
            DateOnly? ends = random.Next(5) == 0 ? today.AddDays(random.Next(5, 60)) : null;
            assignments.Add(Appoint(p, unit, types[key], starts, ends));
        }
        db.Set<Assignment>().AddRange(assignments);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        foreach (var (account, person) in Accounts.Zip(accountPeople))
        {
            var user = new User { UserName = account.Email, Email = account.Email, EmailConfirmed = true, IsDemo = true, PersonId = person.Id };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        await SeedMembersAsync(members, associations, NewPerson, MembershipIn, random, progress, ct);

        // Member care on top of the members: queues worked, contacts to recruit, call lists, liaisons.
        var demo = new DemoDistrict(district.Id, associations.Select(a => a.Id).ToList(), staff.Id, chair.Id, boardMember.Id, member.Id, today, new Random(2027));
        await Recruitment.ProspectDemo.SeedAsync(db, demo, ct);
        await Care.CareDemo.SeedAsync(db, demo, ct);
        await CallLists.CallListDemo.SeedAsync(db, demo, ct);
        await Liaisons.LiaisonDemo.SeedAsync(db, demo, ct);
        await Gatherings.GatheringDemo.SeedAsync(db, demo, ct);
        await Plans.PlanDemo.SeedAsync(db, demo, ct);
        db.ChangeTracker.Clear();
    }

    private async Task SeedMembersAsync(int count, List<Unit> associations, Func<string, string, Unit, Person> newPerson,
        Func<Person, Unit, int, Membership> membershipIn, Random random, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var weights = Associations.Select(a => a.Weight).ToArray();
        var totalWeight = weights.Sum();
        var today = Infrastructure.Web.SwedishFormat.Today(clock);
        const int chunk = 10000;
        // Written with the same bulk path as a register import: change tracking 100,000 people costs more than
        // writing them.
        for (var done = 0; done < count; done += chunk)
        {
            var n = Math.Min(chunk, count - done);
            var people = new List<Person>(n);
            var memberships = new List<Membership>(n);
            for (var i = 0; i < n; i++)
            {
                var pick = random.Next(totalWeight);
                var index = 0;
                while (pick >= weights[index]) pick -= weights[index++];
                var association = associations[index];
                var person = newPerson(Pick(random, FirstNames), Pick(random, LastNames), association);
                people.Add(person);
                var membership = membershipIn(person, association, 20);
                // About one in twelve has left; a recent share joined within the last months.
                if (random.Next(12) == 0)
                {
                    var ended = membership.StartedOn.AddDays(random.Next(30, 2000));
                    membership.EndedOn = ended < today ? ended : null;
                }
                memberships.Add(membership);
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await BulkInsert.InsertAsync(db, people, ct);
            await BulkInsert.InsertAsync(db, memberships, ct);
            await tx.CommitAsync(ct);
            progress?.Report((done + n, count));
        }
    }

    private static Assignment Appoint(Person p, Unit unit, AssignmentType type, DateOnly starts, DateOnly? ends) =>
        new() { Person = p, UnitId = unit.Id, AssignmentTypeId = type.Id, StartsOn = starts, EndsOn = ends };

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Ascii(string s) => s.ToLowerInvariant()
        .Replace('å', 'a').Replace('ä', 'a').Replace('ö', 'o').Replace('é', 'e').Replace(' ', '.');
}
