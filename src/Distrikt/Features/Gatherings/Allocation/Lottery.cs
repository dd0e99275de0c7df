using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Distrikt.Features.Gatherings.Allocation;

/// <summary>What an applicant said about their gender; only <see cref="Woman"/> and <see cref="Man"/> are ever limited.</summary>
public enum ApplicantGender { Unstated, Woman, Man, Other }

/// <summary>
/// One application as the lottery sees it. <paramref name="Number"/> is the application's public number (1..N in
/// the order the applications came in): it is what gets published, never a name.
/// </summary>
public sealed record Applicant(int Number, Guid? AssociationId, ApplicantGender Gender, bool FirstTime);

/// <summary>The organiser's choice of rules for one round. <paramref name="MaxPerAssociation"/> null means no cap.</summary>
public sealed record AllocationRules(int Seats, bool FirstTimersFirst = false, int? MaxPerAssociation = null, bool GenderBalance = false);

/// <summary>
/// The outcome: <paramref name="Allocated"/> in the order seats were given, <paramref name="Reserve"/> in the order
/// places will be offered, <paramref name="DrawOrder"/> every number in drawn order, and <paramref name="Explanation"/>
/// short Swedish lines saying what each rule did.
/// </summary>
public sealed record AllocationResult(IReadOnlyList<int> Allocated, IReadOnlyList<int> Reserve, IReadOnlyList<int> DrawOrder, IReadOnlyList<string> Explanation);

/// <summary>
/// The allocation of a limited number of seats among applicants by a reproducible lottery. Everything here is
/// specified in docs/lottery.md precisely enough to be re-implemented by anyone: the organiser publishes the
/// fingerprint of the application list and rules and the seed before the draw, and any applicant can re-run it
/// and must get the same seats and the same reserve list. Change nothing in the algorithm or the canonical text
/// without changing <see cref="FormatVersion"/> and the document — published draws must stay checkable.
/// </summary>
public static class Lottery
{
    /// <summary>The first line of the canonical text that <see cref="Fingerprint"/> hashes; names the algorithm's version.</summary>
    public const string FormatVersion = "distrikt-allocation/1";

    public static AllocationResult Allocate(IReadOnlyList<Applicant> applicants, AllocationRules rules, string seed)
    {
        ArgumentNullException.ThrowIfNull(applicants);
        RequireValid(rules);
        // The seed is used exactly as published (no trimming, no case folding): a re-run must hash the same bytes.
        if (string.IsNullOrWhiteSpace(seed)) throw new ArgumentException("Slumpfröet får inte vara tomt.");
        RequireUniqueNumbers(applicants);

        var drawn = Draw(applicants, seed);
        var walk = rules.FirstTimersFirst ? [.. drawn.Where(a => a.FirstTime), .. drawn.Where(a => !a.FirstTime)] : drawn;

        var explanation = new List<string>
        {
            Text($"Lottning med slumpfrö {seed}: {Count(applicants.Count, "ansökan", "ansökningar")} om {Count(rules.Seats, "plats", "platser")}."),
        };
        if (rules.FirstTimersFirst)
            explanation.Add(Text($"Regel: förstagångssökande först — {walk.Count(a => a.FirstTime)} av {applicants.Count} sökande söker för första gången och gick före övriga, i lottad ordning."));
        var genderCap = (rules.Seats + 1) / 2; // ceil(S/2)
        if (rules.GenderBalance)
            explanation.Add(Text($"Regel: jämn könsfördelning — varken kvinnor eller män får fler än {Count(genderCap, "plats", "platser")} av {rules.Seats}, så länge någon annan sökande kan ta platsen."));
        if (rules.MaxPerAssociation is { } max)
            explanation.Add(Text($"Regel: högst {max} per förening — gäller alltid, även om en plats då blir tom."));

        var allocated = new List<int>(Math.Min(rules.Seats, walk.Length));
        var isAllocated = new HashSet<int>();
        var perAssociation = new Dictionary<Guid, int>();
        int women = 0, men = 0;
        var waiting = new List<Applicant>(); // held back by gender balance only, in walk order

        void Give(Applicant a)
        {
            allocated.Add(a.Number);
            isAllocated.Add(a.Number);
            if (a.AssociationId is { } id) perAssociation[id] = perAssociation.GetValueOrDefault(id) + 1;
            if (a.Gender == ApplicantGender.Woman) women++;
            else if (a.Gender == ApplicantGender.Man) men++;
        }

        bool AtAssociationCap(Applicant a) =>
            rules.MaxPerAssociation is { } cap && a.AssociationId is { } id && perAssociation.GetValueOrDefault(id) >= cap;

        // The walk: everyone in tier order, each tier in drawn order, until the seats are gone.
        foreach (var a in walk)
        {
            if (allocated.Count == rules.Seats) break;
            if (AtAssociationCap(a))
            {
                explanation.Add(AssociationLine(a, rules, "fick vänta"));
                continue;
            }
            var held = a.Gender switch { ApplicantGender.Woman => women, ApplicantGender.Man => men, _ => -1 };
            if (rules.GenderBalance && held >= genderCap)
            {
                waiting.Add(a);
                var who = a.Gender == ApplicantGender.Woman ? "kvinnor" : "män";
                explanation.Add(Text($"Regel: jämn könsfördelning — nummer {a.Number} fick vänta ({who} hade redan {Count(held, "plats", "platser")} av {rules.Seats})."));
                continue;
            }
            Give(a);
        }

        // The fill: seats still free after the walk mean nobody else could take them, so gender balance (a soft
        // rule) gives way rather than leave a seat empty. The association cap is hard and still holds.
        foreach (var a in waiting)
        {
            if (allocated.Count == rules.Seats) break;
            if (AtAssociationCap(a))
            {
                explanation.Add(AssociationLine(a, rules, "fick inte plats vid utfyllnaden"));
                continue;
            }
            Give(a);
            explanation.Add(Text($"Utfyllnad: nummer {a.Number} fick en plats trots könsfördelningen, eftersom ingen annan sökande kunde ta den."));
        }

        var reserve = walk.Where(a => !isAllocated.Contains(a.Number)).Select(a => a.Number).ToArray();
        explanation.Add(Text($"Resultat: {allocated.Count} fick plats och {reserve.Length} står på reservlistan."));
        var empty = rules.Seats - allocated.Count;
        if (empty > 0)
        {
            var seats = empty == 1 ? "1 plats blev tom" : Text($"{empty} platser blev tomma");
            explanation.Add(reserve.Length == 0
                ? Text($"{seats} eftersom det fanns färre sökande än platser.")
                : Text($"{seats} eftersom alla kvarvarande sökande kommer från föreningar som redan har {Count(rules.MaxPerAssociation!.Value, "plats", "platser")}."));
        }

        return new AllocationResult(allocated.ToArray(), reserve, [.. drawn.Select(a => a.Number)], explanation.ToArray());
    }

    /// <summary>
    /// Who is offered a seat that has been declined: the first on the reserve list who does not have a seat now,
    /// has not declined, and would not break the association cap (counted over <paramref name="currentlyAllocated"/>).
    /// Gender balance is not applied here — a re-offered seat follows the published reserve order. Null when no
    /// seat is free or nobody on the list can take it.
    /// </summary>
    /// <param name="currentlyAllocated">Who holds a seat now, the decliner no longer among them.</param>
    /// <param name="declined">Reserves who were offered a seat and said no; they are not asked again.</param>
    public static int? NextFromReserve(AllocationResult result, IReadOnlyList<Applicant> applicants, AllocationRules rules,
        IReadOnlySet<int> currentlyAllocated, IReadOnlySet<int>? declined = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(applicants);
        ArgumentNullException.ThrowIfNull(currentlyAllocated);
        RequireValid(rules);
        RequireUniqueNumbers(applicants);
        if (currentlyAllocated.Count >= rules.Seats) return null;

        var byNumber = applicants.ToDictionary(a => a.Number);
        Applicant Find(int number) => byNumber.TryGetValue(number, out var a)
            ? a
            : throw new ArgumentException(Text($"Nummer {number} finns inte bland ansökningarna."));

        var perAssociation = new Dictionary<Guid, int>();
        foreach (var number in currentlyAllocated)
            if (Find(number).AssociationId is { } id) perAssociation[id] = perAssociation.GetValueOrDefault(id) + 1;

        foreach (var number in result.Reserve)
        {
            if (currentlyAllocated.Contains(number) || declined?.Contains(number) == true) continue;
            var a = Find(number);
            if (rules.MaxPerAssociation is { } cap && a.AssociationId is { } id && perAssociation.GetValueOrDefault(id) >= cap) continue;
            return number;
        }
        return null;
    }

    /// <summary>A fresh seed: 16 bytes from the operating system's cryptographic generator, as 32 lower-case hex characters.</summary>
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// SHA-256 (lower-case hex) of the canonical text of the rules and the application list, sorted by number:
    /// published with the seed before the draw, it shows afterwards that neither was changed. The format is in
    /// docs/lottery.md; the applicant lines are exactly the published CSV's.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<Applicant> applicants, AllocationRules rules)
    {
        ArgumentNullException.ThrowIfNull(applicants);
        RequireValid(rules);
        RequireUniqueNumbers(applicants);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(applicants, rules))));
    }

    /// <summary>The text <see cref="Fingerprint"/> hashes: LF line ends, UTF-8 without BOM, invariant numbers.</summary>
    public static string CanonicalText(IReadOnlyList<Applicant> applicants, AllocationRules rules)
    {
        var text = new StringBuilder();
        text.Append(FormatVersion).Append('\n');
        text.Append(Text($"seats={rules.Seats}\n"));
        text.Append(Text($"first_timers_first={(rules.FirstTimersFirst ? 1 : 0)}\n"));
        text.Append(Text($"max_per_association={rules.MaxPerAssociation}\n"));
        text.Append(Text($"gender_balance={(rules.GenderBalance ? 1 : 0)}\n"));
        text.Append(CsvHeader).Append('\n');
        foreach (var a in applicants.OrderBy(a => a.Number)) text.Append(CsvLine(a)).Append('\n');
        return text.ToString();
    }

    /// <summary>The header of the published application list (semicolon CSV).</summary>
    public const string CsvHeader = "number;association;gender;first_time";

    /// <summary>One applicant as published: number;association id (lower-case, hyphens) or empty;gender word;1 or 0.</summary>
    public static string CsvLine(Applicant a) =>
        Text($"{a.Number};{a.AssociationId?.ToString("D") ?? ""};{GenderWord(a.Gender)};{(a.FirstTime ? 1 : 0)}");

    private static string GenderWord(ApplicantGender gender) => gender switch
    {
        ApplicantGender.Woman => "woman",
        ApplicantGender.Man => "man",
        ApplicantGender.Other => "other",
        _ => "unstated",
    };

    /// <summary>
    /// The applicants in drawn order: ascending by SHA-256 of the UTF-8 text "{seed}:{Number}" (Number in invariant
    /// culture), compared byte by byte; equal keys (never seen in practice) by number.
    /// </summary>
    private static Applicant[] Draw(IReadOnlyList<Applicant> applicants, string seed)
    {
        var n = applicants.Count;
        var keys = new byte[n * 32];
        var prefix = Encoding.UTF8.GetBytes(seed + ":");
        var input = new byte[prefix.Length + 11]; // int.MinValue is 11 characters
        prefix.CopyTo(input, 0);
        for (var i = 0; i < n; i++)
        {
            applicants[i].Number.TryFormat(input.AsSpan(prefix.Length), out var written, default, CultureInfo.InvariantCulture);
            SHA256.HashData(input.AsSpan(0, prefix.Length + written), keys.AsSpan(i * 32, 32));
        }

        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            var byKey = keys.AsSpan(x * 32, 32).SequenceCompareTo(keys.AsSpan(y * 32, 32));
            return byKey != 0 ? byKey : applicants[x].Number.CompareTo(applicants[y].Number);
        });
        var drawn = new Applicant[n];
        for (var i = 0; i < n; i++) drawn[i] = applicants[order[i]];
        return drawn;
    }

    // No parameter names on these exceptions: .NET would append "(Parameter '…')" in English to a message that is
    // shown to the organiser as it stands.
    private static void RequireValid(AllocationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Seats < 1) throw new ArgumentException("Antalet platser måste vara minst 1.");
        if (rules.MaxPerAssociation < 1)
            throw new ArgumentException("Högsta antalet platser per förening måste vara minst 1, eller ingen gräns alls.");
    }

    private static void RequireUniqueNumbers(IReadOnlyList<Applicant> applicants)
    {
        var seen = new HashSet<int>(applicants.Count);
        foreach (var a in applicants)
        {
            ArgumentNullException.ThrowIfNull(a, nameof(applicants));
            if (!seen.Add(a.Number))
                throw new ArgumentException(Text($"Ansökan nummer {a.Number} finns med mer än en gång."));
        }
    }

    private static string AssociationLine(Applicant a, AllocationRules rules, string outcome) =>
        Text($"Regel: högst {rules.MaxPerAssociation} per förening — nummer {a.Number} {outcome} (föreningen hade redan {Count(rules.MaxPerAssociation!.Value, "plats", "platser")}).");

    private static string Count(int n, string one, string many) => Text($"{n} {(n == 1 ? one : many)}");

    // Numbers here are identifiers and counts read back by people and scripts: invariant digits, whatever the thread's culture.
    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
