using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Distrikt.Features.Gatherings.Allocation;

namespace Distrikt.Tests.Features.Gatherings.Allocation;

/// <summary>
/// The seat lottery: the same published seed and list give the same seats, the draw is exactly the documented
/// SHA-256 order, and each rule does what docs/lottery.md says — and nothing more.
/// </summary>
public sealed class LotteryTests
{
    private static readonly Guid Tierp = Guid.Parse("5d0c6a2e-4b1f-4c3a-9e27-1f0b8c4d2a61");
    private static readonly Guid Enkoping = Guid.Parse("9a7e3f10-2c5d-4e8b-b1a4-6d2f0e9c7b35");
    private static readonly Guid Knivsta = Guid.Parse("c41b8d97-0e6a-4f25-8d3c-2a9b7e1f5c08");

    private const ApplicantGender W = ApplicantGender.Woman;
    private const ApplicantGender M = ApplicantGender.Man;

    // The worked example of docs/lottery.md, word for word.
    private const string ExampleSeed = "5afb6e76f38140114f6fb40f7dbef746";
    private static readonly AllocationRules ExampleRules = new(Seats: 3, FirstTimersFirst: true, MaxPerAssociation: 1, GenderBalance: true);
    private static readonly Applicant[] Example =
    [
        new(1, Tierp, W, false),
        new(2, Enkoping, M, true),
        new(3, Tierp, M, true),
        new(4, Knivsta, M, false),
        new(5, Enkoping, M, true),
        new(6, null, W, false),
    ];

    private static string KeyHex(string seed, int number) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{number}")));

    /// <summary>Numbered 1..count, genders, associations and first-timers spread by a fixed pseudo-random sequence.</summary>
    private static List<Applicant> Many(int count, int associations, int randomSeed)
    {
        var random = new Random(randomSeed);
        var ids = Enumerable.Range(0, associations).Select(_ => { var bytes = new byte[16]; random.NextBytes(bytes); return new Guid(bytes); }).ToArray();
        return [.. Enumerable.Range(1, count).Select(n => new Applicant(
            n,
            random.Next(10) == 0 ? null : ids[random.Next(associations)],
            (ApplicantGender)random.Next(4),
            random.Next(10) < 4))];
    }

    [Fact]
    public void The_worked_example_gives_the_published_result_every_time()
    {
        // Checked by hand against the documented algorithm. Keys, first 8 hex characters of
        // SHA-256("5afb6e76f38140114f6fb40f7dbef746:<n>"): 1 4092e23c, 2 1ac7a03b, 3 2e0a3775, 4 25f3056b,
        // 5 ba711697, 6 d2b81b41 — ascending: 2 4 3 1 5 6.
        // Tier 1 (first-timers) 2 3 5, tier 2: 4 1 6. Three seats, at most 1 per association, at most ceil(3/2) = 2 men:
        //   2 (Enköping, man) seat · 3 (Tierp, man) seat · 5 (Enköping) waits: Enköping has 1 ·
        //   4 (Knivsta, man) waits: men have 2 · 1 (Tierp) waits: Tierp has 1 · 6 (no association, woman) seat.
        // Seats full, no fill. Reserve in tier then drawn order: 5 4 1.
        for (var run = 0; run < 3; run++)
        {
            var result = Lottery.Allocate(Example, ExampleRules, ExampleSeed);
            Assert.Equal(new[] { 2, 4, 3, 1, 5, 6 }, result.DrawOrder);
            Assert.Equal(new[] { 2, 3, 6 }, result.Allocated);
            Assert.Equal(new[] { 5, 4, 1 }, result.Reserve);
        }
        Assert.Equal("9bee219de880897663b27dc40a3f82d540436daef0a580a2d94a597cbffdd273", Lottery.Fingerprint(Example, ExampleRules));
        Assert.Equal("1ac7a03b", KeyHex(ExampleSeed, 2)[..8]);
        Assert.Equal("ba711697", KeyHex(ExampleSeed, 5)[..8]);
    }

    [Fact]
    public void The_explanation_names_each_rule_and_each_applicant_it_held_back()
    {
        var lines = Lottery.Allocate(Example, ExampleRules, ExampleSeed).Explanation;

        Assert.Contains("Lottning med slumpfrö 5afb6e76f38140114f6fb40f7dbef746: 6 ansökningar om 3 platser.", lines);
        Assert.Contains("Regel: högst 1 per förening — nummer 5 fick vänta (föreningen hade redan 1 plats).", lines);
        Assert.Contains("Regel: jämn könsfördelning — nummer 4 fick vänta (män hade redan 2 platser av 3).", lines);
        Assert.Contains("Regel: högst 1 per förening — nummer 1 fick vänta (föreningen hade redan 1 plats).", lines);
        Assert.Contains("Resultat: 3 fick plats och 3 står på reservlistan.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("nummer 2 ") || l.Contains("nummer 3 ") || l.Contains("nummer 6 "));
    }

    [Theory]
    [InlineData("5afb6e76f38140114f6fb40f7dbef746")]
    [InlineData("Vänsterdagarna 2026 — dragning")]
    [InlineData("x")]
    public void The_draw_order_is_the_numbers_sorted_by_the_sha256_of_seed_colon_number(string seed)
    {
        var applicants = Many(300, 20, 7);

        var expected = applicants.Select(a => a.Number).OrderBy(n => KeyHex(seed, n), StringComparer.Ordinal).ToList();

        Assert.Equal(expected, Lottery.Allocate(applicants, new AllocationRules(10), seed).DrawOrder);
    }

    [Fact]
    public void The_order_of_the_input_list_changes_nothing()
    {
        var applicants = Many(500, 30, 11);
        var rules = new AllocationRules(40, FirstTimersFirst: true, MaxPerAssociation: 2, GenderBalance: true);
        var shuffled = applicants.ToArray();
        new Random(3).Shuffle(shuffled);

        var a = Lottery.Allocate(applicants, rules, "ordning");
        var b = Lottery.Allocate(shuffled, rules, "ordning");

        Assert.Equal(a.DrawOrder, b.DrawOrder);
        Assert.Equal(a.Allocated, b.Allocated);
        Assert.Equal(a.Reserve, b.Reserve);
        Assert.Equal(a.Explanation, b.Explanation);
    }

    [Fact]
    public void Different_seeds_give_different_orders()
    {
        var applicants = Many(50, 5, 1);
        var orders = new[] { "a", "b", "A", Lottery.NewSeed(), Lottery.NewSeed() }
            .Select(seed => string.Join(",", Lottery.Allocate(applicants, new AllocationRules(5), seed).DrawOrder))
            .ToList();

        Assert.Equal(orders.Count, orders.Distinct().Count());
    }

    [Fact]
    public void First_timers_get_seats_before_everyone_else_each_group_in_drawn_order()
    {
        var applicants = Enumerable.Range(1, 12).Select(n => new Applicant(n, null, ApplicantGender.Unstated, FirstTime: n % 4 == 0)).ToList();
        var firstTimers = new[] { 4, 8, 12 };

        var without = Lottery.Allocate(applicants, new AllocationRules(5), "förstagång");
        var with = Lottery.Allocate(applicants, new AllocationRules(5, FirstTimersFirst: true), "förstagång");

        // Without the rule the draw alone decides (this seed puts some first-timer after others), so the rule did it.
        Assert.False(firstTimers.All(without.Allocated.Take(3).Contains));
        var drawn = with.DrawOrder;
        Assert.Equal(drawn.Where(firstTimers.Contains), with.Allocated.Take(3));
        Assert.Equal(drawn.Where(n => !firstTimers.Contains(n)).Take(2), with.Allocated.Skip(3));
    }

    [Fact]
    public void The_association_cap_is_never_broken_even_when_a_seat_stays_empty()
    {
        List<Applicant> applicants = [.. Enumerable.Range(1, 5).Select(n => new Applicant(n, Tierp, W, false)), new(6, null, M, false)];
        var rules = new AllocationRules(4, MaxPerAssociation: 2);

        var result = Lottery.Allocate(applicants, rules, "tak");

        Assert.Equal(3, result.Allocated.Count);
        Assert.Equal(2, result.Allocated.Count(n => n != 6));
        Assert.Contains(6, result.Allocated);
        Assert.Equal(result.DrawOrder.Where(n => !result.Allocated.Contains(n)), result.Reserve);
        Assert.Contains("1 plats blev tom eftersom alla kvarvarande sökande kommer från föreningar som redan har 2 platser.", result.Explanation);
    }

    [Fact]
    public void Gender_balance_holds_when_enough_of_each_gender_applied()
    {
        // 20 men and 4 women: by the draw alone men take most seats; with the rule neither takes more than ceil(6/2).
        var applicants = Enumerable.Range(1, 24).Select(n => new Applicant(n, null, n % 6 == 0 ? W : M, false)).ToList();
        bool IsWoman(int n) => n % 6 == 0;

        var without = Lottery.Allocate(applicants, new AllocationRules(6), "balans");
        var with = Lottery.Allocate(applicants, new AllocationRules(6, GenderBalance: true), "balans");

        Assert.True(without.Allocated.Count(n => !IsWoman(n)) > 3);
        Assert.Equal(3, with.Allocated.Count(IsWoman));
        Assert.Equal(3, with.Allocated.Count(n => !IsWoman(n)));
        Assert.DoesNotContain(with.Explanation, l => l.StartsWith("Utfyllnad"));
    }

    [Fact]
    public void Gender_balance_gives_way_rather_than_leave_seats_empty()
    {
        var applicants = Enumerable.Range(1, 9).Select(n => new Applicant(n, null, n == 5 ? W : M, false)).ToList();

        var result = Lottery.Allocate(applicants, new AllocationRules(4, GenderBalance: true), "fyll");

        Assert.Equal(4, result.Allocated.Count);
        Assert.Contains(5, result.Allocated);
        // The walk gave 2 men (the cap) and the woman; the fill gave the fourth seat to the first man held back.
        var heldBack = result.DrawOrder.Where(n => n != 5).Skip(2).First();
        Assert.Equal(heldBack, result.Allocated[^1]);
        Assert.Contains($"Utfyllnad: nummer {heldBack} fick en plats trots könsfördelningen, eftersom ingen annan sökande kunde ta den.", result.Explanation);
    }

    [Fact]
    public void The_fill_still_keeps_the_association_cap()
    {
        // Tier 1: three men, one per association; two are seated (ceil(4/2)), one is held back by gender balance.
        // Tier 2: a woman from each association; only the held-back man's association has room, so she is seated.
        // Now his association is full: the fourth seat stays empty rather than break the cap.
        Applicant[] applicants =
        [
            new(1, Tierp, M, true), new(2, Enkoping, M, true), new(3, Knivsta, M, true),
            new(4, Tierp, W, false), new(5, Enkoping, W, false), new(6, Knivsta, W, false),
        ];

        var result = Lottery.Allocate(applicants, new AllocationRules(4, FirstTimersFirst: true, MaxPerAssociation: 1, GenderBalance: true), "utfyllnad");

        var heldBack = result.DrawOrder.Where(n => n <= 3).Last();
        Assert.Equal(3, result.Allocated.Count);
        Assert.DoesNotContain(heldBack, result.Allocated);
        Assert.Contains(heldBack + 3, result.Allocated);
        Assert.Contains($"Regel: högst 1 per förening — nummer {heldBack} fick inte plats vid utfyllnaden (föreningen hade redan 1 plats).", result.Explanation);
        Assert.Contains("1 plats blev tom eftersom alla kvarvarande sökande kommer från föreningar som redan har 1 plats.", result.Explanation);
    }

    [Fact]
    public void Gender_balance_never_limits_other_or_unstated()
    {
        var applicants = Enumerable.Range(1, 8).Select(n => new Applicant(n, null, n % 2 == 0 ? ApplicantGender.Other : ApplicantGender.Unstated, false)).ToList();

        var result = Lottery.Allocate(applicants, new AllocationRules(6, GenderBalance: true), "annat");

        Assert.Equal(result.DrawOrder.Take(6), result.Allocated);
        Assert.Equal(1, result.Explanation.Count(l => l.StartsWith("Regel:")));
    }

    [Fact]
    public void The_reserve_is_everyone_else_first_timers_first_each_group_in_drawn_order()
    {
        var applicants = Enumerable.Range(1, 10).Select(n => new Applicant(n, null, ApplicantGender.Unstated, FirstTime: n <= 4)).ToList();

        var result = Lottery.Allocate(applicants, new AllocationRules(2, FirstTimersFirst: true), "reserv");

        var firstTimers = result.DrawOrder.Where(n => n <= 4).ToList();
        Assert.Equal(firstTimers.Take(2), result.Allocated);
        Assert.Equal(firstTimers.Skip(2).Concat(result.DrawOrder.Where(n => n > 4)), result.Reserve);
    }

    [Fact]
    public void A_declined_seat_goes_to_the_first_reserve_who_breaks_no_association_cap()
    {
        var result = Lottery.Allocate(Example, ExampleRules, ExampleSeed); // seats 2 3 6, reserve 5 4 1

        // 3 (Tierp) declines: 5 is skipped (Enköping already holds a seat through 2), 4 (Knivsta) is next.
        Assert.Equal(4, Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 2, 6 }));
        // 2 (Enköping) declines instead: 5 may take it.
        Assert.Equal(5, Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 3, 6 }));
        // 3 declined, 4 was offered and declined too: 5 still blocked, 1 (Tierp, now free) is next.
        Assert.Equal(1, Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 2, 6 }, declined: new HashSet<int> { 4 }));
        // A reserve who already took a seat is not offered another.
        Assert.Equal(5, Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 4, 6 }));
    }

    [Fact]
    public void No_reserve_is_named_when_no_seat_is_free_or_nobody_may_take_it()
    {
        var result = Lottery.Allocate(Example, ExampleRules, ExampleSeed);

        Assert.Null(Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 2, 3, 6 }));
        Assert.Null(Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 2, 3 }, declined: new HashSet<int> { 4 }));
        var unknown = Assert.Throws<ArgumentException>(() => Lottery.NextFromReserve(result, Example, ExampleRules, new HashSet<int> { 2, 99 }));
        Assert.Equal("Nummer 99 finns inte bland ansökningarna.", unknown.Message);
    }

    [Fact]
    public void The_fingerprint_does_not_depend_on_the_order_of_the_list()
    {
        Assert.Equal(Lottery.Fingerprint(Example, ExampleRules), Lottery.Fingerprint([.. Example.Reverse()], ExampleRules));
    }

    public static TheoryData<string> Changes => ["association", "no association", "gender", "first time", "number", "one more", "one less", "seats", "first timers rule", "cap", "no cap", "gender rule"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_fingerprint_changes_when_an_applicant_or_a_rule_changes(string change)
    {
        var list = Example.ToList();
        var rules = ExampleRules;
        switch (change)
        {
            case "association": list[0] = list[0] with { AssociationId = Knivsta }; break;
            case "no association": list[0] = list[0] with { AssociationId = null }; break;
            case "gender": list[0] = list[0] with { Gender = ApplicantGender.Other }; break;
            case "first time": list[0] = list[0] with { FirstTime = true }; break;
            case "number": list[5] = list[5] with { Number = 7 }; break;
            case "one more": list.Add(new Applicant(7, null, ApplicantGender.Unstated, false)); break;
            case "one less": list.RemoveAt(5); break;
            case "seats": rules = rules with { Seats = 4 }; break;
            case "first timers rule": rules = rules with { FirstTimersFirst = false }; break;
            case "cap": rules = rules with { MaxPerAssociation = 2 }; break;
            case "no cap": rules = rules with { MaxPerAssociation = null }; break;
            case "gender rule": rules = rules with { GenderBalance = false }; break;
        }

        Assert.NotEqual(Lottery.Fingerprint(Example, ExampleRules), Lottery.Fingerprint(list, rules));
    }

    [Fact]
    public void The_fingerprinted_text_is_the_documented_one()
    {
        Applicant[] list = [new(2, null, ApplicantGender.Unstated, true), new(1, Tierp, W, false)];

        Assert.Equal(
            "distrikt-allocation/1\nseats=1\nfirst_timers_first=0\nmax_per_association=\ngender_balance=1\n" +
            "number;association;gender;first_time\n1;5d0c6a2e-4b1f-4c3a-9e27-1f0b8c4d2a61;woman;0\n2;;unstated;1\n",
            Lottery.CanonicalText(list, new AllocationRules(1, GenderBalance: true)));
    }

    public static TheoryData<int, int?, string, string> Invalid => new()
    {
        { 0, null, "frö", "Antalet platser måste vara minst 1." },
        { -3, null, "frö", "Antalet platser måste vara minst 1." },
        { 3, 0, "frö", "Högsta antalet platser per förening måste vara minst 1, eller ingen gräns alls." },
        { 3, null, "", "Slumpfröet får inte vara tomt." },
        { 3, null, "  \t", "Slumpfröet får inte vara tomt." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_rules_or_seed_are_refused_in_swedish(int seats, int? max, string seed, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Lottery.Allocate(Example, new AllocationRules(seats, MaxPerAssociation: max), seed));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_number_used_twice_is_refused()
    {
        Applicant[] list = [.. Example, new(3, Knivsta, W, false)];

        Assert.Equal("Ansökan nummer 3 finns med mer än en gång.", Assert.Throws<ArgumentException>(() => Lottery.Allocate(list, ExampleRules, "frö")).Message);
        Assert.Equal("Ansökan nummer 3 finns med mer än en gång.", Assert.Throws<ArgumentException>(() => Lottery.Fingerprint(list, ExampleRules)).Message);
    }

    [Fact]
    public void No_applicants_give_an_empty_result()
    {
        var result = Lottery.Allocate([], ExampleRules, "tomt");

        Assert.Empty(result.Allocated);
        Assert.Empty(result.Reserve);
        Assert.Empty(result.DrawOrder);
        Assert.Contains("3 platser blev tomma eftersom det fanns färre sökande än platser.", result.Explanation);
    }

    [Fact]
    public void A_new_seed_is_32_lower_case_hex_characters_and_never_the_same()
    {
        var seeds = Enumerable.Range(0, 100).Select(_ => Lottery.NewSeed()).ToList();

        Assert.All(seeds, s => Assert.Matches("^[0-9a-f]{32}$", s));
        Assert.Equal(100, seeds.Distinct().Count());
    }

    [Fact]
    public void Random_rounds_keep_every_promise_of_the_rules()
    {
        var random = new Random(2026);
        for (var round = 0; round < 200; round++)
        {
            var applicants = Many(random.Next(0, 120), random.Next(1, 12), round);
            var rules = new AllocationRules(random.Next(1, 40), random.Next(2) == 0, random.Next(3) == 0 ? null : random.Next(1, 5), random.Next(2) == 0);
            var result = Lottery.Allocate(applicants, rules, $"runda {round}");
            var byNumber = applicants.ToDictionary(a => a.Number);
            var allocated = result.Allocated.Select(n => byNumber[n]).ToList();
            var perAssociation = allocated.Where(a => a.AssociationId is not null).GroupBy(a => a.AssociationId).ToDictionary(g => g.Key!.Value, g => g.Count());
            bool Capped(Applicant a) => rules.MaxPerAssociation is { } cap && a.AssociationId is { } id && perAssociation.GetValueOrDefault(id) >= cap;

            // Everyone is either seated or on the reserve, once, and the draw holds everyone.
            Assert.Equal(applicants.Select(a => a.Number).Order(), result.Allocated.Concat(result.Reserve).Order());
            Assert.Equal(applicants.Select(a => a.Number).Order(), result.DrawOrder.Order());
            Assert.True(result.Allocated.Count <= rules.Seats);
            // The cap is hard.
            if (rules.MaxPerAssociation is { } max) Assert.All(perAssociation.Values, c => Assert.True(c <= max));
            // A seat is left empty only if everyone waiting would break the cap.
            if (result.Allocated.Count < rules.Seats) Assert.All(result.Reserve, n => Assert.True(Capped(byNumber[n])));
            // A gender above ceil(S/2) means nobody of another gender could have had the seat.
            if (rules.GenderBalance)
                foreach (var gender in new[] { W, M })
                    if (allocated.Count(a => a.Gender == gender) > (rules.Seats + 1) / 2)
                        Assert.All(result.Reserve.Select(n => byNumber[n]).Where(a => a.Gender != gender), a => Assert.True(Capped(a)));
            // First-timers first: without the other rules, no later-tier applicant is seated while a first-timer waits.
            if (rules.FirstTimersFirst && !rules.GenderBalance && rules.MaxPerAssociation is null && allocated.Any(a => !a.FirstTime))
                Assert.DoesNotContain(result.Reserve, n => byNumber[n].FirstTime);
        }
    }

    [Fact]
    public void Five_thousand_applicants_for_300_seats_with_every_rule_take_milliseconds()
    {
        var applicants = Many(5000, 200, 42);
        var rules = new AllocationRules(300, FirstTimersFirst: true, MaxPerAssociation: 3, GenderBalance: true);
        Lottery.Allocate(applicants, rules, "uppvärmning");

        var clock = Stopwatch.StartNew();
        var result = Lottery.Allocate(applicants, rules, Lottery.NewSeed());
        clock.Stop();

        Assert.Equal(300, result.Allocated.Count);
        // A generous guard against an accidental quadratic walk, not a benchmark: bench/allocation.sh measures.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.ElapsedMilliseconds} ms");
    }
}
