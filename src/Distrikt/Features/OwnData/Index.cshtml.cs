using System.Text.Json;
using System.Text.Json.Serialization;
using Distrikt.Features.People;
using Distrikt.Features.RegisterImport;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Reference;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.OwnData;

/// <summary>
/// Mina uppgifter: what Distrikt holds about the signed-in person, a form to correct the contact details
/// (GDPR art. 16) and the whole as JSON and PDF (art. 15 and 20). Any signed-in person may open it; it only
/// ever reads the person the account belongs to, so there is no id in the address to change. Every view,
/// correction and download is audit-logged with the person as actor.
/// </summary>
public sealed class IndexModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string EmailField = "epost", PhoneField = "telefon", StreetField = "adress", PostalField = "postnummer", CityField = "ort";
    public const int MaxStreet = 200, MaxCity = 100;

    public OwnDataReport? Report { get; private set; }
    public FieldErrors Errors { get; } = new();

    [BindProperty(Name = EmailField)] public string? Email { get; set; }
    [BindProperty(Name = PhoneField)] public string? Phone { get; set; }
    [BindProperty(Name = StreetField)] public string? StreetAddress { get; set; }
    [BindProperty(Name = PostalField)] public string? PostalCode { get; set; }
    [BindProperty(Name = CityField)] public string? City { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return Page();
        Fill(Report!.Person);
        await RecordAsync(AuditAction.View, $"Visade sina egna uppgifter ({Report.ItemCount} poster utöver kontaktuppgifterna)");
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync()
    {
        if (!await LoadAsync()) return RedirectToPage();
        await RecordAsync(AuditAction.Export, $"Laddade ner sina egna uppgifter som JSON ({Report!.ItemCount} poster utöver kontaktuppgifterna)");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Report, Json);
        return File(bytes, "application/json", $"mina-uppgifter-{SwedishFormat.Today(clock):yyyy-MM-dd}.json");
    }

    public async Task<IActionResult> OnGetPdfAsync()
    {
        if (!await LoadAsync()) return RedirectToPage();
        var bytes = OwnDataPdf.Write(Report!);
        await RecordAsync(AuditAction.Export, $"Laddade ner sina egna uppgifter som PDF ({Report!.ItemCount} poster utöver kontaktuppgifterna)");
        return File(bytes, "application/pdf", $"mina-uppgifter-{SwedishFormat.Today(clock):yyyy-MM-dd}.pdf");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        if (access.PersonId is not { } personId) return RedirectToPage();

        var email = Trimmed(Email);
        var phone = Trimmed(Phone);
        var street = Trimmed(StreetAddress);
        var postal = Trimmed(PostalCode);
        var city = Trimmed(City);
        if (email is not null)
        {
            email = RegisterRows.NormaliseEmail(email);
            if (email is null) Errors.Add(EmailField, "E-postadressen ser inte rätt ut. Skriv den som namn@exempel.se.");
        }
        if (phone is not null)
        {
            // The same normalisation as the register import, so a later export with the same number changes nothing.
            phone = RegisterRows.NormalisePhone(phone);
            if (phone is null) Errors.Add(PhoneField, "Telefonnumret ser inte rätt ut. Skriv det som 070-123 45 67, eller med landsnummer (+47 …) om det är utländskt.");
        }
        if (street is not null && (street.Length > MaxStreet || BadText(street)))
            Errors.Add(StreetField, street.Length > MaxStreet ? $"Adressen kan vara högst {MaxStreet} tecken." : "Adressen kan inte börja med =, +, - eller @ eller innehålla radbrytningar.");
        if (postal is not null)
        {
            var digits = new string(postal.Where(c => !char.IsWhiteSpace(c)).ToArray());
            if (digits.Length != 5 || !digits.All(char.IsAsciiDigit)) Errors.Add(PostalField, "Postnumret ska vara fem siffror, till exempel 753 20.");
            else postal = digits;
        }
        if (city is not null && (city.Length > MaxCity || BadText(city)))
            Errors.Add(CityField, city.Length > MaxCity ? $"Orten kan vara högst {MaxCity} tecken." : "Orten kan inte börja med =, +, - eller @ eller innehålla radbrytningar.");

        if (Errors.Any)
        {
            // The page comes back with what was typed, so nothing is lost; showing it is a view like any other.
            if (!await LoadAsync()) return RedirectToPage();
            await RecordAsync(AuditAction.View, $"Visade sina egna uppgifter ({Report!.ItemCount} poster utöver kontaktuppgifterna)");
            return Page();
        }

        var person = await db.Set<Person>().SingleAsync(p => p.Id == personId, ct);
        var changed = new List<string>();
        if (person.Email != email) { person.Email = email; changed.Add("e-post"); }
        if (person.Phone != phone) { person.Phone = phone; changed.Add("telefon"); }
        if (person.StreetAddress != street) { person.StreetAddress = street; changed.Add("gatuadress"); }
        if (person.PostalCode != postal)
        {
            person.PostalCode = postal;
            changed.Add("postnummer");
            // The municipality follows the postal code when it tells; the member lists filter on it.
            if (SwedishGeography.MunicipalityOfPostalCode(postal) is { } municipality) person.MunicipalityCode = municipality;
        }
        if (person.City != city) { person.City = city; changed.Add("ort"); }
        if (changed.Count == 0)
        {
            TempData["Message"] = "Inget var ändrat.";
            return RedirectToPage();
        }
        person.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await RecordAsync(AuditAction.Change, $"Rättade sina egna kontaktuppgifter: {string.Join(", ", changed)}");
        TempData["Message"] = "Dina kontaktuppgifter är sparade.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        if (access.PersonId is not { } personId) return false;
        Report = await OwnDataReport.ForAsync(db, personId, access.UserId, clock.GetUtcNow(), ct);
        return Report is not null;
    }

    private void Fill(OwnDataReport.PersonPart p)
    {
        Email = p.Email;
        Phone = p.Phone is { } phone ? RegisterRows.FormatPhone(phone) : null;
        StreetAddress = p.StreetAddress;
        PostalCode = p.PostalCode;
        City = p.City;
    }

    private async Task RecordAsync(AuditAction action, string summary) =>
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), action, "Person", Report?.Person.Id.ToString()
            ?? (await accessResolver.GetAsync(HttpContext.RequestAborted)).PersonId?.ToString(), summary, HttpContext.RequestAborted);

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool BadText(string s) => CsvWriter.StartsLikeFormula(s) || s.Any(char.IsControl);
}
