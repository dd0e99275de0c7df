using Distrikt.Features.Members;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;

namespace Distrikt.Features.Care;

/// <summary>
/// A unit as the care pages see it: the memberships its queues cover (a district: every association and those not
/// yet placed; an association: its own), and the rules of the district it lies in — an association has no rules of
/// its own, so a board cannot quietly shorten the time a new member waits for a welcome.
/// </summary>
public sealed record CareUnit(UnitInfo Unit, Guid DistrictId, string DistrictName, List<Guid> Scope, MemberCareSettings Rules, UnitDirectorySnapshot Directory)
{
    public bool IsDistrict => Unit.Kind == UnitKind.District;

    /// <summary>Null for an unknown unit or one outside any district (the federation): there is no care to show there.</summary>
    public static async Task<CareUnit?> LoadAsync(DistriktDb db, Guid unitId, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var unit)) return null;
        if (directory.DistrictOf(unitId) is not { } districtId) return null;
        var district = directory.Units[districtId];
        var rules = await CareQueues.SettingsAsync(db, district.Id, ct);
        return new CareUnit(unit, district.Id, district.Name, MemberList.Scope(directory, unitId), rules, directory);
    }

    public string UnitNameOf(Guid id) => Directory.Units.TryGetValue(id, out var u) ? u.Name : "";

    /// <summary>For a district's lists: the association, or a plain word for members not yet placed in one.</summary>
    public string AssociationOf(Guid id) => id == Unit.Id && IsDistrict ? "Ej placerad i en förening" : UnitNameOf(id);
}

/// <summary>What a care step is called in each queue, and the words around it.</summary>
public static class CareSteps
{
    public const int NoteMaxLength = 2000;

    /// <summary>
    /// The step is implied by the queue it is recorded in: a new or returning member is welcomed, a lapsing one is
    /// reminded of the fee, a lapsed one is contacted. The step row keeps the queue, so its name follows from it.
    /// </summary>
    public static string StepName(CareQueue queue) => queue switch
    {
        CareQueue.New => "Välkomnad",
        CareQueue.Returning => "Välkomnad",
        CareQueue.Lapsing => "Påmind om avgiften",
        CareQueue.Lapsed => "Kontaktad",
        _ => "Kontaktad",
    };

    /// <summary>The short word used in tables and counts.</summary>
    public static string ShortLabel(CareQueue queue) => queue switch
    {
        CareQueue.New => "Nya",
        CareQueue.Returning => "Återkommande",
        CareQueue.Lapsing => "Obetald avgift",
        CareQueue.Lapsed => "Utträdda",
        _ => queue.ToString(),
    };

    /// <summary>The rule of the queue in plain Swedish, with the district's days.</summary>
    public static string Rule(CareQueue queue, MemberCareSettings rules) => queue switch
    {
        CareQueue.New => $"Gick med för första gången de senaste {rules.NewMemberDays} dagarna och har inte välkomnats än.",
        CareQueue.Returning => $"Har varit medlem förut och gick med igen de senaste {rules.ReturningDays} dagarna.",
        CareQueue.Lapsing => $"Avgiften är betald till en dag högst {rules.LapsingDays} dagar fram, eller redan passerad.",
        CareQueue.Lapsed => $"Medlemskapet tog slut de senaste {rules.LapsedDays} dagarna och hen är inte medlem någon annanstans.",
        _ => "",
    };

    /// <summary>What the "since" column means in each queue.</summary>
    public static string SinceHeading(CareQueue queue) => queue switch
    {
        CareQueue.New or CareQueue.Returning => "Gick med",
        CareQueue.Lapsing => "I kön sedan",
        CareQueue.Lapsed => "Slutade",
        _ => "Sedan",
    };
}
