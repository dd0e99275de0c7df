using System.Globalization;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Plans;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Distrikt.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Creating a gathering in a unit (<c>/enheter/{unitId}/traffar/ny</c>) or changing one (<c>/traffar/{id}/redigera</c>).
/// Needs the right to arrange gatherings in the unit; checked here because the address of a change names the
/// gathering, not the unit.
/// </summary>
[Authorize]
public sealed class EditModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public GatheringForm Form { get; set; } = new();
    public FieldErrors Errors { get; } = new();
    public Guid UnitId { get; private set; }
    public string UnitName { get; private set; } = "";
    public Guid? GatheringId { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> AssignmentTypes { get; private set; } = [];
    public bool HasRegistrations { get; private set; }
    /// <summary>Goals of the plans the gathering can serve; the field is shown only when there are some.</summary>
    public IReadOnlyList<GoalChoice> Goals { get; private set; } = [];
    private Gathering? _gathering;

    public async Task<IActionResult> OnGetAsync(Guid? unitId, Guid? id)
    {
        if (await LoadAsync(unitId, id) is { } refused) return refused;
        Form = (_gathering is null ? new GatheringForm() : GatheringForm.From(_gathering)).WithEmptyRows();
        if (_gathering is not null && _gathering.Invitation == Invitation.List)
            Form.InviteeList = string.Join('\n', await db.Set<GatheringInvitee>().Where(i => i.GatheringId == _gathering.Id)
                .Join(db.Set<Person>(), i => i.PersonId, p => p.Id, (i, p) => p.Email ?? p.MemberNumber ?? "").Where(x => x != "").ToListAsync());
        if (_gathering is not null) Form.GoalId = await GoalLinks.LinkedGoalAsync(db, EvidenceKind.Gathering, _gathering.Id, HttpContext.RequestAborted);
        Goals = await GoalLinks.ChoicesAsync(db, UnitId, PlanYear(), Form.GoalId, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? unitId, Guid? id)
    {
        if (await LoadAsync(unitId, id) is { } refused) return refused;
        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var access = await accessResolver.GetAsync(ct);
        var g = _gathering ?? new Gathering { UnitId = UnitId, Title = "", CreatedAt = now, CreatedByPersonId = access.PersonId };
        if (Form.InvitedTypes.Any(t => AssignmentTypes.All(a => a.Id != t))) Errors.Add("Invitation", "Ett av de valda uppdragen finns inte.");
        List<Guid> invitees = [];
        if (Form.Invitation == Invitation.List) invitees = await ResolveInviteesAsync(ct);
        var linked = _gathering is null ? null : await GoalLinks.LinkedGoalAsync(db, EvidenceKind.Gathering, _gathering.Id, ct);
        Goals = await GoalLinks.ChoicesAsync(db, UnitId, PlanYear(), linked, ct);
        if (Form.GoalId is { } goal && Goals.All(c => c.Id != goal))
            Errors.Add("GoalId", $"Välj ett mål ur listan ”Hör till mål i verksamhetsplanen”: det valda målet finns inte i en sparad verksamhetsplan för {PlanYear()}.");
        if (Errors.Any || !Form.TryApply(g, Errors, HasRegistrations))
        {
            Form.WithEmptyRows();
            return Page();
        }
        var created = _gathering is null;
        if (created) db.Add(g);
        await db.SaveChangesAsync(ct);
        await db.Set<GatheringInvitee>().Where(i => i.GatheringId == g.Id && !invitees.Contains(i.PersonId)).ExecuteDeleteAsync(ct);
        var existing = await db.Set<GatheringInvitee>().Where(i => i.GatheringId == g.Id).Select(i => i.PersonId).ToListAsync(ct);
        db.AddRange(invitees.Except(existing).Select(p => new GatheringInvitee { GatheringId = g.Id, PersonId = p }));
        await db.SaveChangesAsync(ct);
        await GoalLinks.SetAsync(db, EvidenceKind.Gathering, g.Id, Form.GoalId, ct);
        if (!created)
        {
            // A larger capacity frees seats: they go to the waiting list in order.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await Registrations.LockAsync(db, g.Id, ct);
            var offers = await Registrations.OfferFreeSeatsAsync(db, g, now, ct);
            await tx.CommitAsync(ct);
            await GatheringMail.SendOffersAsync(HttpContext.RequestServices, g, offers, ct);
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), created ? AuditAction.Create : AuditAction.Change, "Träff", g.Id.ToString(),
            $"{(created ? "Skapade" : "Ändrade")} träffen ”{g.Title}” ({UnitName})", ct);
        return Redirect($"/traffar/{g.Id}");
    }

    /// <summary>The plan year the gathering serves: that of its first session as filled in, else this year.</summary>
    private int PlanYear()
    {
        var dates = Form.Sessions.Select(r => DateOnly.TryParseExact(r.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>().ToList();
        return dates.Count > 0 ? dates.Min().Year : SwedishFormat.Today(clock).Year;
    }

    /// <summary>E-mail addresses or member numbers, one per line, of people in the unit; any not found is named.</summary>
    private async Task<List<Guid>> ResolveInviteesAsync(CancellationToken ct)
    {
        var lines = (Form.InviteeList ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (lines.Count == 0) { Errors.Add("InviteeList", "Skriv minst en e-postadress eller ett medlemsnummer, en per rad."); return []; }
        if (lines.Count > 2000) { Errors.Add("InviteeList", "Som mest 2 000 personer på en lista."); return []; }
        var directory = await UnitDirectory.GetAsync(db, ct);
        var scope = directory.Subtree(UnitId).Select(u => u.Id).ToList();
        var lowered = lines.Select(l => l.ToLowerInvariant()).ToList();
        var found = await db.Set<Person>().AsNoTracking()
            .Where(p => (p.Email != null && lowered.Contains(p.Email.ToLower())) || (p.MemberNumber != null && lines.Contains(p.MemberNumber)))
            .Where(p => p.Memberships.Any(m => scope.Contains(m.UnitId)) || db.Set<Assignment>().Any(a => a.PersonId == p.Id && scope.Contains(a.UnitId)))
            .Select(p => new { p.Id, p.Email, p.MemberNumber }).ToListAsync(ct);
        var missing = lines.Where(l => !found.Any(p => string.Equals(p.Email, l, StringComparison.OrdinalIgnoreCase) || p.MemberNumber == l)).ToList();
        if (missing.Count > 0)
            Errors.Add("InviteeList", $"Hittar ingen i {UnitName} med {(missing.Count == 1 ? "" : $"{missing.Count} av raderna, bland annat ")}”{missing[0]}”. Rätta eller ta bort raden.");
        return found.Select(p => p.Id).Distinct().ToList();
    }

    private async Task<IActionResult?> LoadAsync(Guid? unitId, Guid? id)
    {
        var ct = HttpContext.RequestAborted;
        if (unitId is null && id is null && Guid.TryParse(Request.Query["enhet"], out var chosen)) unitId = chosen;
        if (id is { } gatheringId)
        {
            _gathering = await db.Set<Gathering>().Include(g => g.Sessions).Include(g => g.Questions).Include(g => g.InvitedTypes)
                .AsSplitQuery().FirstOrDefaultAsync(g => g.Id == gatheringId, ct);
            if (_gathering is null) return NotFound();
            unitId = _gathering.UnitId;
            GatheringId = gatheringId;
            HasRegistrations = await db.Set<Registration>().AnyAsync(r => r.GatheringId == gatheringId && r.Status != RegistrationStatus.Cancelled, ct);
        }
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (unitId is not { } u || !directory.Units.TryGetValue(u, out var unit) || unit.Kind == UnitKind.Federation) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (GatheringAccess.ManageRefusal(access, u, Request) is { } refusal) return refusal;
        UnitId = u;
        UnitName = unit.Name;
        AssignmentTypes = (await db.Set<AssignmentType>().AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList();
        return null;
    }
}
