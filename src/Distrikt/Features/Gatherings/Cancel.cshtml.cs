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
/// An organiser cancels (ställer in) a whole gathering, with a message to everyone who registered. The registrations
/// stay as they were — they are people's history and the organisers' record — but registration closes, open offers can
/// no longer be accepted, and those with a seat get a calendar file that removes the gathering from their calendar.
/// </summary>
[Authorize]
public sealed class CancelModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxMessageLength = 2000;
    public const string MessageField = "Message";

    [BindProperty] public string? Message { get; set; }
    public FieldErrors Errors { get; } = new();
    public Gathering Gathering { get; private set; } = null!;
    public int Seats { get; private set; }
    public int Offered { get; private set; }
    public int Waiting { get; private set; }
    /// <summary>Applications to a lottery not yet drawn.</summary>
    public int Applied { get; private set; }
    /// <summary>Everyone still registered, in whatever status: all are told.</summary>
    public int Told { get; private set; }
    /// <summary>Of those to be told, how many have no e-mail address and must be reached another way.</summary>
    public int WithoutEmail { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (Gathering.CancelledAt is not null) return Page();
        var message = Message?.Trim() ?? "";
        if (message.Length == 0) Errors.Add(MessageField, "Skriv ett meddelande till de anmälda: varför träffen ställs in och vad som gäller i stället.");
        else if (message.Length > MaxMessageLength)
            Errors.Add(MessageField, $"Meddelandet till de anmälda är {SwedishFormat.Number(message.Length)} tecken; som mest {SwedishFormat.Number(MaxMessageLength)}.");
        if (Errors.Any) return Page();

        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var recipients = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Only the first of two posts at the same moment finds CancelledAt empty, so only one sends the mails.
            // Raising SeatVersion takes the gathering's lock, as every registration change does, and gives the
            // calendar entry a higher SEQUENCE, so calendar apps replace it.
            var cancelled = await db.Set<Gathering>().Where(g => g.Id == id && g.CancelledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.CancelledAt, now).SetProperty(g => g.SeatVersion, g => g.SeatVersion + 1), ct);
            if (cancelled == 0) return null;
            Gathering.SeatVersion = await db.Set<Gathering>().Where(g => g.Id == id).Select(g => g.SeatVersion).SingleAsync(ct);
            // Read under the lock: no registration can change between the cancellation and this list.
            var told = await db.Set<Registration>().AsNoTracking()
                .Where(r => r.GatheringId == id && r.Status != RegistrationStatus.Cancelled)
                .Select(r => new { r.Person!.Email, r.Status }).ToListAsync(ct);
            await tx.CommitAsync(ct);
            return told.Select(r => (r.Email, r.Status)).ToList();
        });
        if (recipients is null)
        {
            // Cancelled by someone else since the page was loaded: say so, and send nothing.
            await LoadAsync(id);
            return Page();
        }
        Gathering.CancelledAt = now;
        var mailed = recipients.Where(r => r.Email is not null).Select(r => (r.Email!, r.Status)).ToList();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Träff", id.ToString(),
            $"Ställde in träffen ”{Gathering.Title}” ({recipients.Count(r => r.Status == RegistrationStatus.Confirmed)} med plats, "
            + $"{recipients.Count(r => r.Status == RegistrationStatus.Offered)} med erbjuden plats, {recipients.Count(r => r.Status == RegistrationStatus.Waiting)} på väntelistan; "
            + $"{mailed.Count} mejl)", ct);
        await GatheringMail.SendCancellationAsync(HttpContext.RequestServices, Gathering, message, mailed, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", ct);
        return Redirect($"/traffar/{id}?klart=installd");
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (GatheringAccess.ManageRefusal(access, g.UnitId, Request) is { } refusal) return refusal;
        g.Sessions.Sort((a, b) => a.Order.CompareTo(b.Order));
        Gathering = g;
        var counts = await db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.Status, HasEmail = r.Person!.Email != null }).Select(x => new { x.Key.Status, x.Key.HasEmail, Count = x.Count() }).ToListAsync(ct);
        Seats = counts.Where(c => c.Status == RegistrationStatus.Confirmed).Sum(c => c.Count);
        Offered = counts.Where(c => c.Status == RegistrationStatus.Offered).Sum(c => c.Count);
        Waiting = counts.Where(c => c.Status == RegistrationStatus.Waiting).Sum(c => c.Count);
        Applied = counts.Where(c => c.Status == RegistrationStatus.Applied).Sum(c => c.Count);
        Told = counts.Sum(c => c.Count);
        WithoutEmail = counts.Where(c => !c.HasEmail).Sum(c => c.Count);
        return null;
    }
}
