using System.Globalization;
using System.Net.Mail;
using System.Runtime.InteropServices;
using System.Text;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;
using PhoneNumbers;

namespace Distrikt.Features.RegisterImport;

/// <summary>A valid row of the export, normalised: what Distrikt stores about the member.</summary>
public sealed record RegisterMember(
    int Row,
    string MemberNumber,
    string FirstName,
    string LastName,
    DateOnly? BirthDate,
    string? Email,
    string? Phone,
    string? StreetAddress,
    string? PostalCode,
    string? City,
    string? MunicipalityCode,
    DateOnly? JoinedOn,
    DateOnly? FeePaidThrough,
    DateOnly? EndedOn,
    long RowHash);

/// <summary>A row left out of the import, with the field at fault and why, in Swedish.</summary>
public sealed record RejectedRow(int Row, string? MemberNumber, string Field, string Reason);

/// <summary>A note on a row that was accepted (for example an e-mail address shared with another row).</summary>
public sealed record RowWarning(int Row, string Field, string Message);

/// <param name="Skipped">Member numbers of rows identical to the row last applied to that member: not checked again.</param>
public sealed record RegisterRowsResult(List<RegisterMember> Members, List<RejectedRow> Rejected, List<RowWarning> Warnings, List<string> Skipped);

/// <summary>Turns the file's rows into members, checking every value as the register's export should have it.</summary>
public static class RegisterRows
{
    /// <summary>Loaded on first use (a few hundred milliseconds of metadata): most numbers are Swedish mobiles, read without it.</summary>
    private static PhoneNumberUtil Phones => PhoneNumberUtil.GetInstance();

    /// <param name="alreadyApplied">Whether a row with this member number and fingerprint was applied before; such rows are skipped.</param>
    public static RegisterRowsResult Read(RegisterTable table, RegisterColumns columns, Func<string, long, bool>? alreadyApplied = null)
    {
        var ix = columns.IndexesIn(table.Headers);
        var indexes = new ColumnIndexes(ix, columns.Signature);
        var width = table.Headers.Count;
        // Once for the whole file: on some virtual machines reading the clock costs microseconds.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Each row is checked on its own, so the rows are checked in parallel; what depends on other rows
        // (a member number or an e-mail address seen before) is decided after, in file order.
        var checkedRows = new (RegisterMember? Member, RejectedRow? Rejected, string? Skipped)[table.Rows.Count];
        Parallel.For(0, table.Rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => checkedRows[i] = Check(table.Rows[i], indexes, width, table.Headers, alreadyApplied, today));

        var members = new List<RegisterMember>(table.Rows.Count);
        var rejected = new List<RejectedRow>();
        var warnings = new List<RowWarning>();
        var seenNumbers = new Dictionary<string, int>(table.Rows.Count, StringComparer.Ordinal);
        var seenEmails = new Dictionary<string, int>(table.Rows.Count, StringComparer.OrdinalIgnoreCase);
        var skipped = new List<string>();
        for (var r = 0; r < checkedRows.Length; r++)
        {
            var (member, rejection, skippedNumber) = checkedRows[r];
            if (rejection is not null) { rejected.Add(rejection); continue; }
            if (skippedNumber is not null)
            {
                if (seenNumbers.TryGetValue(skippedNumber, out var earlier))
                    rejected.Add(new RejectedRow(table.Rows[r].Number, skippedNumber, RegisterColumns.MemberNumber.Label, $"Medlemsnummer {skippedNumber} finns redan på rad {earlier}."));
                else { seenNumbers[skippedNumber] = table.Rows[r].Number; skipped.Add(skippedNumber); }
                continue;
            }
            var m = member!;
            if (seenNumbers.TryGetValue(m.MemberNumber, out var firstRow))
            {
                rejected.Add(new RejectedRow(m.Row, m.MemberNumber, RegisterColumns.MemberNumber.Label, $"Medlemsnummer {m.MemberNumber} finns redan på rad {firstRow}."));
                continue;
            }
            seenNumbers[m.MemberNumber] = m.Row;
            if (m.Email is not null)
            {
                if (seenEmails.TryGetValue(m.Email, out var other))
                    warnings.Add(new RowWarning(m.Row, RegisterColumns.Email.Label, $"Samma e-postadress som på rad {other}; båda får den."));
                else seenEmails[m.Email] = m.Row;
            }
            members.Add(m);
        }
        return new RegisterRowsResult(members, rejected, warnings, skipped);
    }

    private sealed class ColumnIndexes(Dictionary<string, int> ix, string signature)
    {
        public readonly int[] Mapped = RegisterColumns.All.Select(f => ix[f.Key]).ToArray();
        public readonly string Signature = signature;
        public readonly int Number = ix[RegisterColumns.MemberNumber.Key], First = ix[RegisterColumns.FirstName.Key], Last = ix[RegisterColumns.LastName.Key],
            Pnr = ix[RegisterColumns.PersonalIdentityNumber.Key], Email = ix[RegisterColumns.Email.Key], Phone = ix[RegisterColumns.Phone.Key],
            Street = ix[RegisterColumns.StreetAddress.Key], Postal = ix[RegisterColumns.PostalCode.Key], City = ix[RegisterColumns.City.Key],
            Municipality = ix[RegisterColumns.Municipality.Key], Joined = ix[RegisterColumns.JoinedOn.Key], Paid = ix[RegisterColumns.FeePaidThrough.Key],
            Ended = ix[RegisterColumns.EndedOn.Key];
    }

    private static (RegisterMember?, RejectedRow?, string?) Check(RegisterRow row, ColumnIndexes ix, int width, IReadOnlyList<string> headers, Func<string, long, bool>? alreadyApplied, DateOnly today)
    {
        var f = row.Fields;
        string Get(int i) => i >= 0 && i < f.Length ? f[i].Trim() : "";
        var number = Get(ix.Number);
        (RegisterMember?, RejectedRow?, string?) Reject(RegisterField field, string reason) =>
            (null, new RejectedRow(row.Number, number.Length is > 0 and <= 20 ? number : null, field.Label, reason), null);
        var hash = RowHash(f, ix);
        if (number.Length > 0 && alreadyApplied is not null && alreadyApplied(number, hash)) return (null, null, number);

        if (f.Length > width)
        {
            for (var i = width; i < f.Length; i++)
                if (f[i].Trim().Length > 0)
                    return (null, new RejectedRow(row.Number, null, "Hela raden", $"Raden har {f.Length} fält men rubrikraden har {width}; troligen saknas citattecken runt ett värde som innehåller skiljetecknet."), null);
        }
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i].Length > RegisterFile.MaxFieldLength)
                return (null, new RejectedRow(row.Number, null, i < headers.Count ? headers[i] : $"kolumn {i + 1}", $"Värdet är {f[i].Length} tecken långt; som mest {RegisterFile.MaxFieldLength} tas emot."), null);
        }

        if (number.Length == 0) return Reject(RegisterColumns.MemberNumber, "Medlemsnummer saknas.");
        if (number.Length > 20 || number.AsSpan().ContainsAnyExcept(AsciiLettersAndDigits))
            return Reject(RegisterColumns.MemberNumber, $"\"{Shorten(number)}\" är inget medlemsnummer (bara siffror och bokstäver, högst 20 tecken).");

        var firstName = Get(ix.First);
        var lastName = Get(ix.Last);
        if (NameProblem(firstName) is { } fp) return Reject(RegisterColumns.FirstName, fp);
        if (NameProblem(lastName) is { } lp) return Reject(RegisterColumns.LastName, lp);

        DateOnly? birthDate = null;
        var pnr = Get(ix.Pnr);
        if (pnr.Length > 0)
        {
            birthDate = PersonalIdentityNumber.BirthDateOf(pnr, today);
            if (birthDate is null) return Reject(RegisterColumns.PersonalIdentityNumber, "Personnumret är inte giltigt (fel datum, längd eller kontrollsiffra).");
        }

        string? email = null;
        var rawEmail = Get(ix.Email);
        if (rawEmail.Length > 0)
        {
            email = NormaliseEmail(rawEmail);
            if (email is null) return Reject(RegisterColumns.Email, $"\"{Shorten(rawEmail)}\" är ingen giltig e-postadress.");
        }

        string? phone = null;
        var rawPhone = Get(ix.Phone);
        if (rawPhone.Length > 0)
        {
            phone = NormalisePhone(rawPhone);
            if (phone is null) return Reject(RegisterColumns.Phone, $"\"{Shorten(rawPhone)}\" är inget giltigt telefonnummer.");
        }

        string? postalCode = null;
        var rawPostal = Get(ix.Postal);
        if (rawPostal.Length > 0)
        {
            postalCode = NormalisePostalCode(rawPostal);
            if (postalCode is null) return Reject(RegisterColumns.PostalCode, $"\"{Shorten(rawPostal)}\" är inget svenskt postnummer (fem siffror).");
        }

        string? municipality = null;
        var rawMunicipality = Get(ix.Municipality);
        if (rawMunicipality.Length > 0)
        {
            municipality = MunicipalityCodeOf(rawMunicipality);
            if (municipality is null) return Reject(RegisterColumns.Municipality, $"\"{Shorten(rawMunicipality)}\" är varken en kommunkod eller namnet på en svensk kommun.");
        }
        municipality ??= SwedishGeography.MunicipalityOfPostalCode(postalCode);

        if (!TryDate(Get(ix.Joined), out var joined)) return Reject(RegisterColumns.JoinedOn, $"\"{Shorten(Get(ix.Joined))}\" är inget datum (skriv ÅÅÅÅ-MM-DD).");
        if (!TryDate(Get(ix.Paid), out var paid)) return Reject(RegisterColumns.FeePaidThrough, $"\"{Shorten(Get(ix.Paid))}\" är inget datum (skriv ÅÅÅÅ-MM-DD).");
        if (!TryDate(Get(ix.Ended), out var ended)) return Reject(RegisterColumns.EndedOn, $"\"{Shorten(Get(ix.Ended))}\" är inget datum (skriv ÅÅÅÅ-MM-DD).");
        if (joined is { } j && ended is { } e && e < j) return Reject(RegisterColumns.EndedOn, $"Utträdesdatum {e:yyyy-MM-dd} är före inträdesdatum {j:yyyy-MM-dd}.");

        var street = Get(ix.Street);
        var city = Get(ix.City);
        if (CsvWriter.StartsLikeFormula(street)) return Reject(RegisterColumns.StreetAddress, "Värdet börjar som en kalkylformel (=, +, @) och är ingen adress.");
        if (CsvWriter.StartsLikeFormula(city)) return Reject(RegisterColumns.City, "Värdet börjar som en kalkylformel (=, +, @) och är ingen ort.");

        return (new RegisterMember(row.Number, number, firstName, lastName, birthDate, email, phone,
            street.Length > 0 ? Cap(street, 200) : null, postalCode, city.Length > 0 ? Cap(city, 100) : null,
            municipality, joined, paid, ended, hash), null, null);
    }

    /// <summary>
    /// A stable fingerprint of the mapped values of a row (and of the mapping itself): their XxHash3, over the values'
    /// UTF-16 text with a separator between them. The same row under the same mapping gives the same number in every
    /// run and on every node. It only tells "this row is the one applied last time" from "compare it again"; a
    /// collision could at worst skip one comparison, so a cryptographic hash (which cost a fifth of the planning) is
    /// not needed.
    /// </summary>
    [ThreadStatic] private static char[]? _hashBuffer;

    private static long RowHash(string[] fields, ColumnIndexes ix)
    {
        // The values are laid out in one buffer and hashed at once: an incremental hasher per row is an allocation
        // per row, and 100,000 of them made the garbage collector the dearest part of a re-import's comparison.
        var length = ix.Signature.Length;
        foreach (var i in ix.Mapped) length += 1 + (i >= 0 && i < fields.Length ? fields[i].Length : 0);
        // A buffer per thread, not on the stack: a stack buffer is cleared on every call, 2 KB per row.
        var buffer = _hashBuffer is { } b && b.Length >= length ? b : _hashBuffer = new char[Math.Max(length, 1024)];
        var text = buffer.AsSpan();
        ix.Signature.AsSpan().CopyTo(text);
        var at = ix.Signature.Length;
        foreach (var i in ix.Mapped)
        {
            text[at++] = '\u001f';
            if (i < 0 || i >= fields.Length) continue;
            var value = fields[i].AsSpan().Trim();
            value.CopyTo(text[at..]);
            at += value.Length;
        }
        return (long)System.IO.Hashing.XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text[..at]));
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static string? NormalisePostalCode(string raw)
    {
        Span<char> digits = stackalloc char[5];
        var n = 0;
        var s = raw.StartsWith("SE-", StringComparison.OrdinalIgnoreCase) ? raw.AsSpan(3) : raw.AsSpan();
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (!char.IsAsciiDigit(c) || n == 5) return null;
            digits[n++] = c;
        }
        return n == 5 ? new string(digits) : null;
    }

    private static string? NameProblem(string name)
    {
        if (name.Length == 0) return "Namnet saknas.";
        if (name.Length > 100) return $"Namnet är {name.Length} tecken långt; som mest 100.";
        if (CsvWriter.StartsLikeFormula(name)) return "Namnet börjar som en kalkylformel (=, +, -, @) och är inget namn.";
        if (name.Any(c => char.IsControl(c) || c is '<' or '>')) return "Namnet innehåller tecken som inte hör hemma i ett namn (radbrytningar, < eller >).";
        return null;
    }


    public static string? NormaliseEmail(string raw)
    {
        var s = raw.Trim();
        if (s.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) s = s[7..];
        if (s.Length > 254 || s.AsSpan().Count('@') != 1 || s.Any(char.IsWhiteSpace) || CsvWriter.StartsLikeFormula(s)) return null;
        // The plain form nearly every address has is recognised here; anything else goes to the full parser, which
        // allocates enough per address to make the garbage collector a tenth of a 100,000-row import. (The encoding
        // is given: without it every call looks up the default one through a lock the parallel check contends for.)
        if (!IsPlainAddress(s) && (!MailAddress.TryCreate(s, null, Encoding.UTF8, out var address) || address.Address != s)) return null;
        var at = s.IndexOf('@');
        var domain = s[(at + 1)..];
        if (at == 0 || !domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.')) return null;
        // The domain is case-insensitive; the local part is kept as written.
        return s[..at] + "@" + domain.ToLowerInvariant();
    }

    private static readonly System.Buffers.SearchValues<char> LocalPartCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-");
    private static readonly System.Buffers.SearchValues<char> DomainCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    /// <summary>
    /// local@domain.tld in ASCII: a dot-atom before the @ (no leading, trailing or double dots) and a host name after
    /// it with at least one dot. Every such address is one the full parser accepts unchanged.
    /// </summary>
    private static bool IsPlainAddress(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        static bool DotSeparated(ReadOnlySpan<char> part, System.Buffers.SearchValues<char> allowed, bool hostLabels)
        {
            foreach (var range in part.Split('.'))
            {
                var label = part[range];
                if (label.IsEmpty || label.ContainsAnyExcept(allowed)) return false;
                if (hostLabels && (label[0] == '-' || label[^1] == '-')) return false;
            }
            return true;
        }
        var domain = s[(at + 1)..];
        return domain.Contains('.') && DotSeparated(s[..at], LocalPartCharacters, false) && DotSeparated(domain, DomainCharacters, true);
    }

    /// <summary>E.164, Sweden the default country (070-123 45 67 → +46701234567).</summary>
    public static string? NormalisePhone(string raw)
    {
        if (CsvWriter.StartsLikeFormula(raw.TrimStart()) && !raw.TrimStart().StartsWith('+')) return null;
        if (SwedishMobile(raw) is { } mobile) return mobile;
        try
        {
            var parsed = Phones.Parse(raw, "SE");
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The common case without the full library: a Swedish mobile number (07x followed by seven digits, written with
    /// any spaces and dashes), which is how most members' numbers arrive. Every such number is valid.
    /// </summary>
    private static string? SwedishMobile(string raw)
    {
        Span<char> digits = stackalloc char[10];
        var n = 0;
        foreach (var c in raw)
        {
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c) || n == 10) return null;
            digits[n++] = c;
        }
        if (n != 10 || digits[0] != '0' || digits[1] != '7' || digits[2] is not ('0' or '2' or '3' or '6' or '9')) return null;
        return string.Concat("+46", digits[1..]);
    }

    /// <summary>Shown the way Swedes write numbers: 070-123 45 67 at home, +47 … for numbers abroad.</summary>
    public static string FormatPhone(string e164)
    {
        try
        {
            var parsed = Phones.Parse(e164, "SE");
            return Phones.Format(parsed, parsed.CountryCode == 46 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Municipality names as exports write them — "Tierp", "Tierps kommun", "Region Gotland" — to their kommunkod.</summary>
    private static readonly Dictionary<string, string> MunicipalityByName = SwedishGeography.Municipalities
        .SelectMany(m => new[] { (m.Name, m.Code), (m.ShortName, m.Code) })
        .DistinctBy(x => x.Item1, StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true))
        .ToDictionary(x => x.Item1, x => x.Code, StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true));

    private static string? MunicipalityCodeOf(string raw)
    {
        var s = raw.Trim();
        if (s.Length <= 4 && s.All(char.IsAsciiDigit))
            return SwedishGeography.FindMunicipality(s.PadLeft(4, '0'))?.Code;
        // "0380 Uppsala", "Uppsala kommun", "Uppsala"
        var head = s.Split(' ', 2)[0];
        if (head.Length == 4 && head.All(char.IsAsciiDigit) && SwedishGeography.FindMunicipality(head) is { } byCode) return byCode.Code;
        if (MunicipalityByName.TryGetValue(s, out var code)) return code;
        return s.EndsWith(" kommun", StringComparison.OrdinalIgnoreCase) && MunicipalityByName.TryGetValue(s[..^7], out var trimmed) ? trimmed : null;
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy/MM/dd", "d/M/yyyy", "d.M.yyyy", "yyyy-M-d"];

    private static bool TryDate(string raw, out DateOnly? value)
    {
        value = null;
        if (raw.Length == 0) return true;
        if (IsoDate(raw) is { } iso)
        {
            value = iso;
            return iso.Year is > 1900 and < 2200;
        }
        if (DateTime.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            value = DateOnly.FromDateTime(dt);
            return dt.Year is > 1900 and < 2200;
        }
        return false;
    }

    /// <summary>ÅÅÅÅ-MM-DD, the form nearly every date of an export has, read without the general parser.</summary>
    private static DateOnly? IsoDate(string s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return null;
        static int Digits(string s, int from, int count)
        {
            var n = 0;
            for (var i = from; i < from + count; i++)
            {
                var d = s[i] - '0';
                if (d is < 0 or > 9) return -1;
                n = n * 10 + d;
            }
            return n;
        }
        var (year, month, day) = (Digits(s, 0, 4), Digits(s, 5, 2), Digits(s, 8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>The Swedish personnummer (and samordningsnummer): its check digit and the birth date it carries.</summary>
public static class PersonalIdentityNumber
{
    /// <summary>The birth date, or null when the number is not valid. Accepts ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN and the forms between.</summary>
    public static DateOnly? BirthDateOf(string raw, DateOnly? today = null)
    {
        var plus = raw.Contains('+');
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        if (raw.Any(c => !char.IsAsciiDigit(c) && c is not '-' and not '+' and not ' ')) return null;
        int century;
        var now = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        if (digits.Length == 12) { century = int.Parse(digits[..2], CultureInfo.InvariantCulture); digits = digits[2..]; }
        else if (digits.Length == 10)
        {
            // Ten digits: the century is the latest that does not put the birth in the future; "+" means 100 or more years old.
            var yy = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            century = now.Year / 100;
            if (century * 100 + yy > now.Year) century--;
            if (plus) century--;
        }
        else return null;
        if (!LuhnValid(digits)) return null;
        var year = century * 100 + int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(digits.Substring(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(digits.Substring(4, 2), CultureInfo.InvariantCulture);
        if (day > 60) day -= 60; // samordningsnummer
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        var date = new DateOnly(year, month, day);
        return date > now ? null : date;
    }

    private static bool LuhnValid(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = tenDigits[i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>How a birth date is shown where a personnummer would be: the date and four stars, never the last digits.</summary>
    public static string Masked(DateOnly birthDate) => birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-****";
}
