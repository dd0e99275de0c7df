using System.Text;
using Distrikt.Features.Gatherings.Allocation;
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
/// A gathering's lottery: the rules, then the published list, fingerprint and seed, then the result — for the
/// applicants, who can check it, and the organisers, who fix the list and run the draw. Numbers only, never names;
/// shown to those who applied and the organisers, not to the open web (docs/lottery.md says why).
/// </summary>
[Authorize]
public sealed class DrawModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public Gathering Gathering { get; private set; } = null!;
    public RoundStage Stage { get; private set; }
    public bool CanManage { get; private set; }
    public Registration? Mine { get; private set; }
    public int Applications { get; private set; }
    public int? MyReservePlace { get; private set; }
    public IReadOnlyList<int> Seated { get; private set; } = [];
    public IReadOnlyList<int> Reserve { get; private set; } = [];
    /// <summary>Association ids in the published list and their names, so a reader can follow the cap.</summary>
    public IReadOnlyList<(Guid Id, string Name, int Applicants)> Associations { get; private set; } = [];
    public FieldErrors Errors { get; } = new();
    [BindProperty] public string? Seed { get; set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? klart)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        Done = klart;
        return Page();
    }

    /// <summary>The published application list as CSV: exactly the lines the fingerprint covers.</summary>
    public async Task<IActionResult> OnGetListAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (Stage < RoundStage.Fixed) return NotFound();
        var ct = HttpContext.RequestAborted;
        var csv = await ApplicationRound.ListCsvAsync(db, id, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Ansökningslista", id.ToString(),
            $"Hämtade den publicerade ansökningslistan (nummer, förening, kön, första gången) för ”{Gathering.Title}”", ct);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"lottning-{Members.MemberSearch.Slug(Gathering.Title)}.csv");
    }

    /// <summary>The script that re-runs a draw (the one in docs/lottery.md), for applicants to check the result.</summary>
    public async Task<IActionResult> OnGetScriptAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        return File(RedrawScript(), "text/x-python; charset=utf-8", "redraw.py");
    }

    public static byte[] RedrawScript()
    {
        using var stream = typeof(DrawModel).Assembly.GetManifestResourceStream("Distrikt.Lottery.redraw.py")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public async Task<IActionResult> OnPostFixAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (GatheringAccess.ManageRefusal(await accessResolver.GetAsync(HttpContext.RequestAborted), Gathering.UnitId, Request) is { } refusal) return refusal;
        var ct = HttpContext.RequestAborted;
        if (await ApplicationRound.FixAsync(db, Gathering, Seed, clock.GetUtcNow(), ct) is { } error)
        {
            Errors.Add(error.StartsWith("Slumpfröet", StringComparison.Ordinal) ? "Seed" : FieldErrors.Form, error);
            return Page();
        }
        var fixedNow = await db.Set<Gathering>().AsNoTracking().Where(x => x.Id == id).Select(x => new { x.LotterySeed, x.LotteryFingerprint }).FirstAsync(ct);
        var count = await db.Set<Registration>().CountAsync(r => r.GatheringId == id && r.ApplicationNumber != null, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Lottning", id.ToString(),
            $"Fastställde ansökningslistan för ”{Gathering.Title}” ({count} ansökningar) och publicerade slumpfrö {fixedNow.LotterySeed}, fingeravtryck {fixedNow.LotteryFingerprint}", ct);
        return Redirect($"/traffar/{id}/lottning?klart=faststalld");
    }

    public async Task<IActionResult> OnPostDrawAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (GatheringAccess.ManageRefusal(await accessResolver.GetAsync(HttpContext.RequestAborted), Gathering.UnitId, Request) is { } refusal) return refusal;
        var ct = HttpContext.RequestAborted;
        var (outcome, error) = await ApplicationRound.DrawAsync(db, Gathering, clock.GetUtcNow(), ct);
        if (outcome is null)
        {
            Errors.Add(FieldErrors.Form, error!);
            await LoadAsync(id); // the page shows the round as it now stands (drawn by someone else, for instance)
            return Page();
        }
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Lottning", id.ToString(),
            $"Lottade platserna till ”{Gathering.Title}”: {outcome.Seated.Count} fick plats, {outcome.Reserve.Count} på reservlistan", ct);
        await GatheringMail.SendDrawResultsAsync(HttpContext.RequestServices, Gathering, outcome, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", ct);
        return Redirect($"/traffar/{id}/lottning?klart=lottad");
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).Include(x => x.InvitedTypes).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id && x.SeatsByLottery, ct);
        if (g is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        CanManage = access.Can(Permission.ManageGatherings, g.UnitId);
        Mine = access.PersonId is { } personId
            ? await db.Set<Registration>().AsNoTracking().FirstOrDefaultAsync(r => r.GatheringId == id && r.PersonId == personId, ct)
            : null;
        // Those who applied and the organisers; anyone else is told nothing, not even that the round exists.
        if (!CanManage && Mine is null && (access.In(g.UnitId) & Permission.ManageGatherings) == 0) return NotFound();
        Gathering = g;
        Stage = ApplicationRound.Stage(g, clock.GetUtcNow());
        var applications = await db.Set<Registration>().AsNoTracking()
            .Where(r => r.GatheringId == id && (r.ApplicationNumber != null || r.Status == RegistrationStatus.Applied))
            .Select(r => new { r.ApplicationNumber, r.ApplicantAssociationId, r.Status, r.ReservePosition }).ToListAsync(ct);
        Applications = applications.Count;
        if (Stage == RoundStage.Drawn)
        {
            // The draw as published (who was drawn), not who holds a seat today: declines are shown beside it.
            Seated = applications.Where(r => r.ReservePosition is null).Select(r => r.ApplicationNumber!.Value).Order().ToList();
            Reserve = applications.Where(r => r.ReservePosition is not null).OrderBy(r => r.ReservePosition).Select(r => r.ApplicationNumber!.Value).ToList();
            if (Mine is { Status: RegistrationStatus.Waiting }) MyReservePlace = await Registrations.WaitingPositionAsync(db, Mine, ct);
        }
        if (Stage >= RoundStage.Fixed)
        {
            var directory = await UnitDirectory.GetAsync(db, ct);
            Associations = applications.Where(r => r.ApplicantAssociationId is not null).GroupBy(r => r.ApplicantAssociationId!.Value)
                .Select(x => (x.Key, directory.Units.TryGetValue(x.Key, out var u) ? u.Name : "(borttagen förening)", x.Count()))
                .OrderBy(x => x.Item2, SwedishCollation.Comparer).ToList();
        }
        return null;
    }
}
