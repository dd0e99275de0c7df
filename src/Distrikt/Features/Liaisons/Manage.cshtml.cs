using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// One association's liaisons and contact person, for whoever may appoint in the district: assign, change the rhythm,
/// end, and name or clear the contact person. The address carries the district (where the permission is checked)
/// and the association, which must lie in it; a liaison id from another association is not found here.
/// </summary>
[RequirePermission(Permission.ManageAssignments)]
public sealed class ManageModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxFound = 20;
    public const string SearchField = "sok";

    [BindProperty(SupportsGet = true, Name = "sok")] public string? Search { get; set; }
    [BindProperty] public Guid? PersonId { get; set; }
    [BindProperty] public string? RhythmDays { get; set; }
    [BindProperty] public Guid? LiaisonId { get; set; }
    [BindProperty] public Guid? ContactPersonId { get; set; }

    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public Guid AssociationId { get; private set; }
    public string AssociationName { get; private set; } = "";
    public AssociationLiaisonStatus? Status { get; private set; }
    public IReadOnlyList<BoardCandidate> Board { get; private set; } = [];
    public IReadOnlyList<ContactCandidate> ContactCandidates { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public FieldErrors Errors { get; } = new();

    public static string RhythmFieldOf(Guid liaisonId) => "rhythm-" + liaisonId.ToString("N");

    public async Task<IActionResult> OnGetAsync(Guid unitId, Guid associationId)
    {
        if (!await LoadAsync(unitId, associationId)) return NotFound();
        RhythmDays ??= LiaisonRules.DefaultRhythmDays.ToString(SwedishFormat.Culture);
        await ShowAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid unitId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, associationId)) return NotFound();
        var assigned = await LiaisonCommands.AssignAsync(db, unitId, PersonId, associationId, RhythmDays, Today, Errors, ct);
        if (assigned is null) return await ShowAsync();
        await audit.RecordAsync(await ActorAsync(), AuditAction.Create, "Fadder", assigned.Liaison.Id.ToString(),
            $"Fadder: {assigned.PersonName} för {assigned.AssociationName}, {LiaisonRules.Rhythm(assigned.Liaison.RhythmDays)}, från {SwedishFormat.Date(Today)}", ct);
        return Done($"{assigned.PersonName} är fadder för {assigned.AssociationName}.");
    }

    public async Task<IActionResult> OnPostRhythmAsync(Guid unitId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, associationId)) return NotFound();
        var liaison = await CurrentLiaisonAsync();
        if (liaison is null) return NotFound();
        var days = LiaisonRules.ReadRhythm(RhythmDays, RhythmFieldOf(liaison.Id), Errors);
        if (days is null) return await ShowAsync();
        await db.Set<Liaison>().Where(l => l.Id == liaison.Id && l.UnitId == associationId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RhythmDays, days.Value), ct);
        await audit.RecordAsync(await ActorAsync(), AuditAction.Change, "Fadder", liaison.Id.ToString(),
            $"Fadder: {liaison.Name} för {AssociationName}, rytmen ändrad till {LiaisonRules.Rhythm(days.Value)} (förut {LiaisonRules.Rhythm(liaison.RhythmDays)})", ct);
        return Done($"{liaison.Name} har nu kontakt med {AssociationName} {LiaisonRules.Rhythm(days.Value)}.");
    }

    public async Task<IActionResult> OnPostEndAsync(Guid unitId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, associationId)) return NotFound();
        var liaison = await CurrentLiaisonAsync();
        if (liaison is null) return NotFound();
        // Ended yesterday, so it no longer counts today; one begun today (a mistake put right) is removed instead,
        // since an end before the start would be a relation that never was.
        var yesterday = Today.AddDays(-1);
        if (liaison.StartsOn > yesterday)
            await db.Set<Liaison>().Where(l => l.Id == liaison.Id && l.UnitId == associationId).ExecuteDeleteAsync(ct);
        else
            await db.Set<Liaison>().Where(l => l.Id == liaison.Id && l.UnitId == associationId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.EndsOn, yesterday), ct);
        await audit.RecordAsync(await ActorAsync(), AuditAction.Change, "Fadder", liaison.Id.ToString(),
            $"Fadder: {liaison.Name} för {AssociationName} avslutad {SwedishFormat.Date(Today)}", ct);
        return Done($"{liaison.Name} är inte längre fadder för {AssociationName}.");
    }

    public async Task<IActionResult> OnPostContactAsync(Guid unitId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(unitId, associationId)) return NotFound();
        var existing = await db.Set<AssociationContact>().FirstOrDefaultAsync(c => c.UnitId == associationId, ct);
        if (ContactPersonId is not { } personId)
        {
            if (existing is null) return Done($"{AssociationName} har ingen kontaktperson.");
            db.Remove(existing);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(await ActorAsync(), AuditAction.Delete, "Kontaktperson", associationId.ToString(),
                $"Kontaktperson för {AssociationName} borttagen", ct);
            return Done($"{AssociationName} har inte längre någon kontaktperson.");
        }
        var name = await LiaisonCommands.EligibleContactAsync(db, associationId, personId, Today, ct);
        if (name is null)
        {
            Errors.Add(LiaisonCommands.ContactPersonField, $"Personen är inte medlem i eller har inget uppdrag i {AssociationName}. Välj någon i föreningen.");
            return await ShowAsync();
        }
        if (existing is null) db.Add(new AssociationContact { UnitId = associationId, PersonId = personId, UpdatedAt = clock.GetUtcNow() });
        else
        {
            existing.PersonId = personId;
            existing.UpdatedAt = clock.GetUtcNow();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else named a contact person for the association at the same moment: theirs stands; show it.
            db.ChangeTracker.Clear();
            Errors.Add(LiaisonCommands.ContactPersonField, "Någon annan satte en kontaktperson samtidigt. Se vem och försök igen om det ska ändras.");
            return await ShowAsync();
        }
        await audit.RecordAsync(await ActorAsync(), existing is null ? AuditAction.Create : AuditAction.Change, "Kontaktperson", associationId.ToString(),
            // The contact person may be a plain member: the entry names the person by id, never by name (decision 0018).
            $"Kontaktperson för {AssociationName}: person {personId}", ct);
        return Done($"{name} är kontaktperson för {AssociationName}.");
    }

    private sealed record CurrentLiaison(Guid Id, string Name, int RhythmDays, DateOnly StartsOn);

    /// <summary>The posted liaison, only when it is a current one of this association.</summary>
    private Task<CurrentLiaison?> CurrentLiaisonAsync() =>
        LiaisonId is not { } id
            ? Task.FromResult<CurrentLiaison?>(null)
            : db.Set<Liaison>().AsNoTracking().CurrentOn(Today)
                .Where(l => l.Id == id && l.UnitId == AssociationId)
                .Select(l => new CurrentLiaison(l.Id, l.Person!.FirstName + " " + l.Person.LastName, l.RhythmDays, l.StartsOn))
                .FirstOrDefaultAsync(HttpContext.RequestAborted);

    private Task<AuditActor> ActorAsync() => HttpContext.AuditActorAsync(accessResolver);

    private IActionResult Done(string message)
    {
        TempData["Message"] = message;
        return Redirect($"/enheter/{UnitId}/faddrar/{AssociationId}");
    }

    private async Task<bool> LoadAsync(Guid unitId, Guid associationId)
    {
        var ct = HttpContext.RequestAborted;
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (!directory.Units.TryGetValue(unitId, out var district) || district.Kind != UnitKind.District) return false;
        var association = await LiaisonCommands.AssociationInAsync(db, unitId, associationId, ct);
        if (association is null) return false;
        UnitId = unitId;
        UnitName = district.Name;
        AssociationId = associationId;
        AssociationName = association.Name;
        Today = SwedishFormat.Today(clock);
        return true;
    }

    private async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        var all = await LiaisonOverview.ReadAsync(db, UnitId, Today, ct);
        Status = all.First(a => a.UnitId == AssociationId);
        Board = await LiaisonCommands.BoardAsync(db, UnitId, Today, ct);
        var search = Search?.Trim();
        if (!string.IsNullOrEmpty(search) && search.Replace(" ", "").Length < 2)
        {
            Errors.Add(SearchField, "Skriv minst två bokstäver av namnet.");
            search = null;
        }
        ContactCandidates = await LiaisonCommands.ContactCandidatesAsync(db, AssociationId, search, Today, MaxFound, ct);
        var names = Status.Liaisons.Count + Board.Count + ContactCandidates.Count + (Status.ContactPersonId is null ? 0 : 1);
        await audit.RecordAsync(await ActorAsync(), AuditAction.View, "Faddersystem", AssociationId.ToString(),
            $"Visade faddrar och kontaktperson för {AssociationName}: namn på {names} personer"
            + (string.IsNullOrEmpty(search) ? "" : $", sökte bland medlemmarna ({ContactCandidates.Count(c => c.Why == "medlem")} träffar)"), ct);
        return Page();
    }
}
