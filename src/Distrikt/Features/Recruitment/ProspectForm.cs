using Distrikt.Features.RegisterImport;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;

namespace Distrikt.Features.Recruitment;

/// <summary>
/// The fields of a recruitment contact as posted, shared by the staff page and the public interest form, and their
/// checks: the same normalisation as the register import (phone to E.164, e-mail), so a contact who later joins is
/// recognised in the export by the same phone or e-mail.
/// </summary>
public sealed class ProspectForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? PostalCode { get; set; }
    public string? MunicipalityCode { get; set; }
    public bool Consent { get; set; }
    public ProspectSource Source { get; set; } = ProspectSource.Stall;
    public string? SourceNote { get; set; }
    public DateOnly? ConsentGivenOn { get; set; }
    public string? Interest { get; set; }

    /// <summary>What a contact may say they are interested in, as a tag on the person; a fixed list, since the form is public.</summary>
    public static IReadOnlyList<string> Interests { get; } =
        ["Vill bli medlem", "Vill engagera mig lokalt", "Valarbete", "Studiecirklar och utbildning", "Fackligt-politiskt arbete"];

    public ProspectInput? Validate(FieldErrors errors, DateOnly today, bool staff, int retentionDays)
    {
        var first = Name(FirstName, nameof(FirstName), "förnamn", errors);
        var last = Name(LastName, nameof(LastName), "efternamn", errors);
        string? email = null, phone = null;
        if (!string.IsNullOrWhiteSpace(Email))
        {
            email = RegisterRows.NormaliseEmail(Email);
            if (email is null) errors.Add(nameof(Email), "E-postadressen ser inte rätt ut. Skriv den som namn@exempel.se.");
        }
        if (!string.IsNullOrWhiteSpace(Phone))
        {
            phone = RegisterRows.NormalisePhone(Phone);
            if (phone is null) errors.Add(nameof(Phone), "Telefonnumret ser inte rätt ut. Skriv det som 070-123 45 67.");
        }
        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone))
            errors.Add(nameof(Phone), "Skriv ett telefonnummer eller en e-postadress, så att någon kan höra av sig.");

        string? postal = null;
        var municipality = string.IsNullOrWhiteSpace(MunicipalityCode) ? null : MunicipalityCode.Trim();
        if (municipality is not null && SwedishGeography.FindMunicipality(municipality) is null)
        {
            errors.Add(nameof(MunicipalityCode), "Välj en kommun i listan.");
            municipality = null;
        }
        if (!string.IsNullOrWhiteSpace(PostalCode))
        {
            var digits = new string(PostalCode.Where(c => !char.IsWhiteSpace(c)).ToArray());
            if (digits.Length != 5 || !digits.All(char.IsAsciiDigit))
                errors.Add(nameof(PostalCode), "Postnumret ska vara fem siffror, till exempel 753 20.");
            else
            {
                postal = digits;
                municipality ??= SwedishGeography.MunicipalityOfPostalCode(digits);
            }
        }

        var consentOn = today;
        if (staff)
        {
            if (ConsentGivenOn is not { } given) errors.Add(nameof(ConsentGivenOn), "Skriv vilket datum personen gav sitt samtycke.");
            else if (given > today) errors.Add(nameof(ConsentGivenOn), "Samtycket kan inte vara givet i framtiden.");
            else if (given < today.AddDays(-retentionDays))
                errors.Add(nameof(ConsentGivenOn), $"Samtycket är äldre än {retentionDays} dagar, distriktets gräns för kontakter. Be om ett nytt samtycke.");
            else consentOn = given;
            if (!Enum.IsDefined(Source)) errors.Add(nameof(Source), "Välj var ni träffade personen.");
        }
        if (!Consent)
            errors.Add(nameof(Consent), staff
                ? "Kryssa i att personen har samtyckt. Utan samtycke får kontakten inte sparas."
                : "Kryssa i att du vill bli kontaktad. Utan ditt samtycke sparar vi ingenting.");

        var note = string.IsNullOrWhiteSpace(SourceNote) ? null : SourceNote.Trim();
        if (note is { Length: > 200 }) errors.Add(nameof(SourceNote), "Skriv högst 200 tecken om var ni träffades.");
        var interest = string.IsNullOrWhiteSpace(Interest) ? null : Interest.Trim();
        if (interest is not null && !Interests.Contains(interest)) errors.Add(nameof(Interest), "Välj ett av alternativen.");

        if (errors.Any) return null;
        return new ProspectInput(first!, last!, email, phone, postal, municipality, staff ? Source : ProspectSource.InterestForm,
            staff ? note : null, consentOn, interest);
    }

    private static string? Name(string? raw, string field, string label, FieldErrors errors)
    {
        var name = raw?.Trim();
        if (string.IsNullOrEmpty(name)) { errors.Add(field, $"Skriv ett {label}."); return null; }
        if (name.Length > 100) { errors.Add(field, $"Ett {label} kan vara högst 100 tecken."); return null; }
        // A name that starts like a spreadsheet formula is what an injection attempt looks like; no real name does.
        if (CsvWriter.StartsLikeFormula(name) || name.Any(char.IsControl)) { errors.Add(field, $"Ett {label} kan inte börja med =, +, - eller @."); return null; }
        return name;
    }
}
