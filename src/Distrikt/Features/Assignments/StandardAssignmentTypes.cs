using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Assignments;

/// <summary>
/// The assignment types every installation starts with. They are ordinary data afterwards: district staff
/// may rename them, rewrite the arbetsordning and change what they grant. Added once, when the table is empty.
/// </summary>
public static class StandardAssignmentTypes
{
    public const string Ombudsman = "ombudsman";
    public const string Chair = "ordforande";
    public const string BoardMember = "ledamot";
    public const string Deputy = "ersattare";
    public const string Treasurer = "kassor";
    public const string Secretary = "sekreterare";
    public const string ViceChair = "vice-ordforande";
    public const string NominatingCommittee = "valberedare";
    public const string Auditor = "revisor";
    public const string Liaison = "fadder";
    public const string MemberOfficer = "medlemsansvarig";
    public const string FeministWork = "internfeministiskt";
    public const string YouthContact = "ung-vanster";
    public const string UnionWork = "fackligt-politiskt";
    public const string Caller = "ringare";

    public static IReadOnlyList<AssignmentType> Create() =>
    [
        Type(Ombudsman, "Ombudsman", Permission.ViewPeople | Permission.ManagePeople | Permission.ManageUnits | Permission.ManageAssignments | Permission.ManageAssignmentTypes | Permission.ViewAuditLog | Permission.ManageGatherings, UnitKind.District, false,
            "Anställd av distriktet. Stödjer styrelsen och föreningarna i det dagliga arbetet.\n\n- Håller medlemsregistret och föreningsstrukturen aktuella\n- Tillsätter och avslutar uppdrag enligt styrelsens beslut\n- Följer upp granskningsloggen"),
        Type(Chair, "Ordförande", Permission.ViewPeople | Permission.ManagePeople | Permission.ManageAssignments | Permission.ManageGatherings, null, true,
            "Leder styrelsens arbete och möten, och ser till att beslut blir genomförda.\n\n- Kallar till styrelsemöten i samråd med sekreteraren\n- Är kontaktperson mot distriktet\n- Ansvarar för att föreningens uppdrag är tillsatta"),
        Type(ViceChair, "Vice ordförande", Permission.ViewPeople, null, true,
            "Ersätter ordföranden vid behov och delar ansvaret för styrelsens arbete."),
        Type(Secretary, "Sekreterare", Permission.ViewPeople | Permission.ManageGatherings, null, true,
            "För protokoll vid styrelsemöten och årsmöten, och håller ordning på handlingar."),
        Type(Treasurer, "Kassör", Permission.ViewPeople, null, true,
            "Ansvarar för ekonomin: bokföring, budget, medlemsavgifter och bokslut till årsmötet."),
        Type(MemberOfficer, "Medlemsansvarig", Permission.ViewPeople | Permission.ManagePeople, null, true,
            "Välkomnar nya medlemmar och leder medlemsvården: ringlistor, uppföljning och återvärvning."),
        Type(BoardMember, "Ledamot", Permission.None, null, true,
            "Ordinarie ledamot i styrelsen. Deltar i styrelsens beslut och tar ansvar för delar av verksamhetsplanen."),
        Type(Deputy, "Ersättare", Permission.None, null, true,
            "Ersättare i styrelsen. Går in när en ordinarie ledamot är frånvarande och deltar i arbetet."),
        Type(Liaison, "Fadder", Permission.None, UnitKind.District, false,
            "Styrelseledamot eller ersättare med ansvar för kontakten med en eller flera partiföreningar (faddersystemet)."),
        Type(NominatingCommittee, "Valberedare", Permission.ViewPeople, null, false,
            "Föreslår kandidater till styrelse och andra uppdrag inför årsmötet eller konferensen."),
        Type(Auditor, "Revisor", Permission.ViewAuditLog, null, false,
            "Granskar styrelsens förvaltning och räkenskaper och lämnar revisionsberättelse till årsmötet."),
        Type(FeministWork, "Ansvarig för internfeministiskt arbete", Permission.None, null, false,
            "Driver det internfeministiska arbetet: mötesformer, utbildning och uppföljning av jämställdhet i organisationen."),
        Type(YouthContact, "Kontakt med Ung Vänster", Permission.None, null, false,
            "Håller kontakten med Ung Vänsters lokala klubbar och distrikt."),
        Type(UnionWork, "Fackligt-politiskt ansvarig", Permission.None, null, false,
            "Samordnar det fackligt-politiska arbetet och kontakterna med fackliga organisationer."),
        Type(Caller, "Ringare", Permission.None, null, false,
            "Frivillig som ringer medlemmar från de ringlistor hen läggs till på, till exempel för att välkomna nya medlemmar. Ser bara personerna på sina listor."),
    ];

    private static AssignmentType Type(string key, string name, Permission permissions, UnitKind? kind, bool boardSeat, string description) =>
        new() { Key = key, Name = name, Permissions = permissions, UnitKind = kind, IsBoardSeat = boardSeat, Description = description };

    public static async Task EnsureAsync(DistriktDb db, CancellationToken ct = default)
    {
        if (await db.Set<AssignmentType>().AnyAsync(ct)) return;
        db.Set<AssignmentType>().AddRange(Create());
        await db.SaveChangesAsync(ct);
    }
}
