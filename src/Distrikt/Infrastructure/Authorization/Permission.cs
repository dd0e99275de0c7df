namespace Distrikt.Infrastructure.Authorization;

/// <summary>
/// What an assignment lets its holder do, in the unit of the assignment and every unit below it.
/// Stored as a bit set on the assignment type; new capabilities add bits, never reuse them.
/// </summary>
[Flags]
public enum Permission
{
    None = 0,
    /// <summary>See the people of the unit: names, contact details, memberships.</summary>
    ViewPeople = 1 << 0,
    /// <summary>Change people and memberships of the unit.</summary>
    ManagePeople = 1 << 1,
    /// <summary>Create and edit units below the unit.</summary>
    ManageUnits = 1 << 2,
    /// <summary>Appoint and end assignments in the unit.</summary>
    ManageAssignments = 1 << 3,
    /// <summary>Edit assignment types and what they grant.</summary>
    ManageAssignmentTypes = 1 << 4,
    /// <summary>Read the audit log.</summary>
    ViewAuditLog = 1 << 5,
    /// <summary>Create and change the unit's gatherings, and see who registered (with their answers and children).</summary>
    ManageGatherings = 1 << 6,
}

public static class Permissions
{
    /// <summary>
    /// Permissions that reveal other people's personal data (special-category data under GDPR art. 9, since
    /// membership reveals political opinion). Whoever holds one must sign in strongly: passkey, or link plus TOTP.
    /// </summary>
    public const Permission RevealingPersonalData =
        Permission.ViewPeople | Permission.ManagePeople | Permission.ManageAssignments | Permission.ViewAuditLog | Permission.ManageGatherings;

    public static IReadOnlyList<(Permission Permission, string Label)> All { get; } =
    [
        (Permission.ViewPeople, "Se personer och medlemskap"),
        (Permission.ManagePeople, "Ändra personer och medlemskap"),
        (Permission.ManageUnits, "Hantera föreningar och enheter"),
        (Permission.ManageAssignments, "Tillsätta och avsluta uppdrag"),
        (Permission.ManageAssignmentTypes, "Redigera uppdragstyper"),
        (Permission.ViewAuditLog, "Läsa granskningsloggen"),
        (Permission.ManageGatherings, "Ordna träffar och se anmälningar"),
    ];

    public static string Label(Permission p) => All.FirstOrDefault(x => x.Permission == p).Label ?? p.ToString();
}
