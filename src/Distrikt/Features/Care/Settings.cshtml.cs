using System.Globalization;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Care;

/// <summary>
/// The district's rules for member care and retention, in days. They belong to the district, not to each
/// association, so every association's queues and every erasure follow the same rules; changing them needs the
/// right to change people in the district, and each change is audit-logged with the old and new values.
/// </summary>
[RequirePermission(Permission.ManagePeople)]
public sealed class SettingsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit) : PageModel
{
    /// <summary>One rule: its form field, its words, its limits, and where its value lives.</summary>
    public sealed record Rule(string Field, string Label, string Explanation, int Min, int Max,
        Func<MemberCareSettings, int> Get, Action<MemberCareSettings, int> Set);

    public const int QueueMin = 1, QueueMax = 730, RetentionMin = 30, RetentionMax = 3650;

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        new("nya", "Nya medlemmar, dagar",
            "Så länge efter att någon gått med för första gången står hen i kön för att välkomnas, om ingen hunnit före.",
            QueueMin, QueueMax, s => s.NewMemberDays, (s, v) => s.NewMemberDays = v),
        new("aterkommande", "Återkommande medlemmar, dagar",
            "Så länge efter att en tidigare medlem gått med igen står hen i kön för att välkomnas tillbaka.",
            QueueMin, QueueMax, s => s.ReturningDays, (s, v) => s.ReturningDays = v),
        new("obetald", "Obetald avgift, dagar före",
            "Så många dagar innan avgiften går ut hamnar medlemmen i kön för en påminnelse. Den som redan passerat dagen står kvar tills någon hört av sig.",
            QueueMin, QueueMax, s => s.LapsingDays, (s, v) => s.LapsingDays = v),
        new("uttradda", "Nyligen utträdda, dagar",
            "Så länge efter att medlemskapet tog slut står personen i kön för ett samtal om varför – och om hen vill komma tillbaka.",
            QueueMin, QueueMax, s => s.LapsedDays, (s, v) => s.LapsedDays = v),
        new("rekrytering", "Kontakter att rekrytera sparas, dagar",
            "Den som lämnat sina uppgifter för att bli kontaktad om medlemskap men inte gått med raderas så här många dagar efter samtycket.",
            RetentionMin, RetentionMax, s => s.ProspectRetentionDays, (s, v) => s.ProspectRetentionDays = v),
        new("tidigare", "Tidigare medlemmar sparas, dagar",
            "Den som inte längre är medlem och inte har något uppdrag raderas, eller minimeras, så här många dagar efter att hen slutade.",
            RetentionMin, RetentionMax, s => s.FormerMemberRetentionDays, (s, v) => s.FormerMemberRetentionDays = v),
    ];

    public Guid UnitId { get; private set; }
    public string DistrictName { get; private set; } = "";
    /// <summary>What each field shows: the saved value, or what was typed when the form was refused.</summary>
    public Dictionary<string, string> Values { get; } = [];
    public FieldErrors Errors { get; } = new();
    /// <summary>Shown once by the layout after the redirect.</summary>
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var current = await CareQueues.SettingsAsync(db, unitId, HttpContext.RequestAborted);
        foreach (var rule in Rules) Values[rule.Field] = rule.Get(current).ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid unitId)
    {
        if (!await LoadAsync(unitId)) return NotFound();
        var ct = HttpContext.RequestAborted;
        var typed = new Dictionary<string, int>();
        foreach (var rule in Rules)
        {
            var text = Request.Form[rule.Field].ToString().Trim();
            Values[rule.Field] = text;
            if (text.Length == 0) Errors.Add(rule.Field, $"Fyll i {Lower(rule.Label)}.");
            else if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
                Errors.Add(rule.Field, $"{rule.Label}: skriv ett helt antal dagar, till exempel {rule.Get(MemberCareSettings.DefaultsFor(unitId))}.");
            else if (days < rule.Min || days > rule.Max)
                Errors.Add(rule.Field, $"{rule.Label}: ange mellan {rule.Min} och {SwedishFormat.Number(rule.Max)} dagar.");
            else typed[rule.Field] = days;
        }
        // A lapsed member must still be there to be called: the queue cannot outlast the retention of former members.
        if (typed.TryGetValue("uttradda", out var lapsed) && typed.TryGetValue("tidigare", out var former) && lapsed > former)
            Errors.Add("uttradda", $"Nyligen utträdda: högst lika många dagar som tidigare medlemmar sparas ({former}).");
        if (Errors.Any) return Page();

        var settings = await db.Set<MemberCareSettings>().FirstOrDefaultAsync(s => s.DistrictId == unitId, ct);
        var isNew = settings is null;
        settings ??= MemberCareSettings.DefaultsFor(unitId);
        var changes = new List<string>();
        foreach (var rule in Rules)
        {
            var before = rule.Get(settings);
            if (before == typed[rule.Field]) continue;
            changes.Add($"{Lower(rule.Label)} {before} → {typed[rule.Field]}");
            rule.Set(settings, typed[rule.Field]);
        }
        if (changes.Count == 0)
        {
            Message = "Inget ändrades.";
            return Redirect(SelfUrl);
        }
        settings.UpdatedAt = DateTimeOffset.UtcNow;
        if (isNew) db.Add(settings);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two first saves at the same moment: the other one is in, and this one would overwrite it unseen.
            Errors.Add(FieldErrors.Form, "Någon annan sparade reglerna samtidigt. Kontrollera värdena och spara igen.");
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Medlemsvård", unitId.ToString(),
            $"Ändrade medlemsvårdens regler för {DistrictName}: {string.Join(", ", changes)}", ct);
        Message = "Reglerna är sparade.";
        return Redirect(SelfUrl);
    }

    private string SelfUrl => $"/enheter/{UnitId}/medlemsvard/installningar";

    private static string Lower(string label) => char.ToLower(label[0], CultureInfo.GetCultureInfo("sv-SE")) + label[1..];

    /// <summary>Only a district has rules; an association's address gives "not found", not an empty form.</summary>
    private async Task<bool> LoadAsync(Guid unitId)
    {
        var directory = await UnitDirectory.GetAsync(db, HttpContext.RequestAborted);
        if (!directory.Units.TryGetValue(unitId, out var unit) || unit.Kind != UnitKind.District) return false;
        UnitId = unitId;
        DistrictName = unit.Name;
        return true;
    }
}
