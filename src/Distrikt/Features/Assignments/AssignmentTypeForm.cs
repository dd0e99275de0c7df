using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// The form of an assignment type, shared by the create and edit pages: what the type is called, its
/// arbetsordning (Markdown), what it grants, where it may be held, and whether it is a board seat.
/// </summary>
public sealed class AssignmentTypeForm
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 20000;
    public const string NameField = "name";
    public const string DescriptionField = "description";
    public const string PermissionsField = "permissions";
    public const string UnitKindField = "unit-kind";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<Permission> Permissions { get; set; } = [];
    public string? UnitKind { get; set; }
    public bool IsBoardSeat { get; set; }
    public int Version { get; set; }

    public static IReadOnlyList<(string Value, string Label)> UnitKindOptions { get; } =
    [
        ("", "Alla slags enheter"),
        (nameof(Units.UnitKind.Federation), "Bara förbund"),
        (nameof(Units.UnitKind.District), "Bara distrikt"),
        (nameof(Units.UnitKind.Association), "Bara partiföreningar"),
    ];

    public static AssignmentTypeForm From(AssignmentType t) => new()
    {
        Name = t.Name,
        Description = t.Description,
        Permissions = Infrastructure.Authorization.Permissions.All.Where(p => t.Permissions.HasFlag(p.Permission)).Select(p => p.Permission).ToList(),
        UnitKind = t.UnitKind?.ToString(),
        IsBoardSeat = t.IsBoardSeat,
        Version = t.Version,
    };

    /// <summary>Only the permissions the product knows; a posted number with other bits set grants nothing extra.</summary>
    public Permission Granted => Permissions
        .Where(p => Infrastructure.Authorization.Permissions.All.Any(x => x.Permission == p))
        .Aggregate(Permission.None, (a, b) => a | b);

    public UnitKind? Kind => Enum.TryParse<UnitKind>(UnitKind, out var k) && Enum.IsDefined(k) ? k : null;

    public static string Grants(Permission granted)
    {
        var labels = Infrastructure.Authorization.Permissions.All.Where(p => granted.HasFlag(p.Permission)).Select(p => p.Label).ToList();
        return labels.Count == 0 ? "inga särskilda behörigheter" : string.Join(", ", labels);
    }

    public static string KindLabel(UnitKind? kind) => UnitKindOptions.First(o => o.Value == (kind?.ToString() ?? "")).Label;

    /// <summary>Checks the form against the rules and the other types; <paramref name="typeId"/> is null for a new type.</summary>
    public async Task ValidateAsync(DistriktDb db, Guid? typeId, TimeProvider clock, FieldErrors errors, CancellationToken ct)
    {
        Name = Name?.Trim() ?? "";
        Description = (Description ?? "").Replace("\r\n", "\n").Trim();
        if (Name.Length == 0) errors.Add(NameField, "Skriv uppdragets namn, till exempel Studieansvarig.");
        else if (Name.Length > NameMaxLength) errors.Add(NameField, $"Namnet får vara högst {NameMaxLength} tecken.");
        else
        {
            // The database index compares exactly; "kassör" beside "Kassör" would still confuse everyone who appoints.
            var names = await db.Set<AssignmentType>().AsNoTracking().Where(t => typeId == null || t.Id != typeId).Select(t => t.Name).ToListAsync(ct);
            if (names.FirstOrDefault(n => string.Equals(n, Name, StringComparison.CurrentCultureIgnoreCase)) is { } taken)
                errors.Add(NameField, $"Det finns redan en uppdragstyp som heter {taken}. Välj ett annat namn.");
        }
        if (Description.Length > DescriptionMaxLength)
            errors.Add(DescriptionField, $"Arbetsordningen får vara högst {SwedishFormat.Number(DescriptionMaxLength)} tecken. Nu är den {SwedishFormat.Number(Description.Length)}.");
        if (!string.IsNullOrEmpty(UnitKind) && Kind is null) errors.Add(UnitKindField, "Välj var uppdraget kan finnas.");
        if (typeId is not { } id) return;

        var today = SwedishFormat.Today(clock);
        if (Kind is { } kind)
        {
            var elsewhere = await db.Set<Assignment>().AsNoTracking()
                .Where(a => a.AssignmentTypeId == id && (a.EndsOn == null || a.EndsOn >= today) && a.Unit!.Kind != kind)
                .Select(a => a.Unit!.Name).Distinct().ToListAsync(ct);
            if (elsewhere.Count > 0)
                errors.Add(UnitKindField, $"Uppdraget finns redan i {string.Join(", ", elsewhere.Order(SwedishCollation.Comparer).Take(5))}"
                    + $"{(elsewhere.Count > 5 ? " med flera" : "")}. Avsluta de uppdragen först, eller välj Alla slags enheter.");
        }
        if (!Granted.HasFlag(Permission.ManageAssignmentTypes))
        {
            // Without this, the last person able to edit assignment types could take that right from everyone.
            var anotherEditor = await db.Set<Assignment>().AsNoTracking()
                .AnyAsync(a => a.AssignmentTypeId != id && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)
                               && (a.AssignmentType!.Permissions & Permission.ManageAssignmentTypes) == Permission.ManageAssignmentTypes, ct);
            var grantsNow = await db.Set<AssignmentType>().AsNoTracking()
                .AnyAsync(t => t.Id == id && (t.Permissions & Permission.ManageAssignmentTypes) == Permission.ManageAssignmentTypes, ct);
            if (grantsNow && !anotherEditor)
                errors.Add(PermissionsField, "Inget annat uppdrag som någon har just nu ger rätt att redigera uppdragstyper. Behåll den rätten här, annars kan ingen ändra uppdragstyperna längre.");
        }
    }

    public void ApplyTo(AssignmentType t)
    {
        t.Name = Name!;
        t.Description = Description ?? "";
        t.Permissions = Granted;
        t.UnitKind = Kind;
        t.IsBoardSeat = IsBoardSeat;
    }
}
