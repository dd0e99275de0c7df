using System.Globalization;
using System.Text;
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
/// A gathering's page: what, when and where, and for whoever is invited, the registration — a few taps on a phone,
/// changeable until the deadline. A gathering the person may not see is answered as not found, so its existence is
/// not revealed. Public gatherings are shown to anyone; registering needs a sign-in.
/// </summary>
[AllowAnonymous]
public sealed class DetailsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public Gathering Gathering { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public Registration? Mine { get; private set; }
    public int? WaitingPosition { get; private set; }
    public bool CanRegister { get; private set; }
    public bool CanManage { get; private set; }
    public bool SignedIn { get; private set; }
    public bool IsOpen { get; private set; }
    /// <summary>The first session has begun: too late to give a seat back.</summary>
    public bool Started { get; private set; }
    public int SeatsTaken { get; private set; }
    public int Waiting { get; private set; }
    /// <summary>Applications not yet drawn.</summary>
    public int Applied { get; private set; }
    /// <summary>For a gathering whose seats are drawn: where its application round stands.</summary>
    public Allocation.RoundStage? Stage { get; private set; }
    public FieldErrors Errors { get; } = new();
    [BindProperty] public RegistrationForm Form { get; set; } = new();
    /// <summary>What just happened, for the notice at the top (from the address after a redirect).</summary>
    public string? Done { get; private set; }

    public sealed class RegistrationForm
    {
        public List<Guid> SessionIds { get; set; } = [];
        /// <summary>The children's ages as typed: "3, 7".</summary>
        public string? ChildAges { get; set; }
        public string? ChildcareNeeds { get; set; }
        public Dictionary<Guid, string?> Answers { get; set; } = [];
        /// <summary>For a lottery: why the person applies.</summary>
        public string? Motivation { get; set; }
        public Allocation.ApplicantGender Gender { get; set; }
        public bool FirstTime { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, string? klart)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        Done = klart;
        if (Mine is { Status: not RegistrationStatus.Cancelled } r)
        {
            Form = new RegistrationForm
            {
                SessionIds = r.Sessions.Select(s => s.SessionId).ToList(),
                ChildAges = string.Join(", ", r.Children.OrderBy(c => c.Order).Select(c => c.Age.ToString(CultureInfo.InvariantCulture))),
                ChildcareNeeds = r.ChildcareNeeds,
                Answers = r.Answers.ToDictionary(a => a.QuestionId, a => a.Value),
                Motivation = r.Motivation,
                Gender = r.Gender,
                FirstTime = r.FirstTime,
            };
        }
        else Form.SessionIds = Gathering.Sessions.Select(s => s.Id).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(Guid id)
    {
        // The page's own data is read only if the page is shown again: a registration ends in a redirect.
        if (await LoadAsync(id, forPage: false) is { } refused) return refused;
        if (!SignedIn) return Challenge();
        if (!CanRegister) return Forbid();
        if (Gathering.SeatsByLottery) // seats drawn, never first come
        {
            await LoadPageDataAsync();
            return await OnPostApplyAsync(id);
        }
        var now = clock.GetUtcNow();
        if (!IsOpen)
        {
            Errors.Add(FieldErrors.Form, Gathering.CancelledAt is null ? "Anmälan har stängt för den här träffen." : "Träffen är inställd.");
            await LoadPageDataAsync();
            return Page();
        }
        var ages = ParseAges(Form.ChildAges, Errors);
        var input = new RegistrationInput(Form.SessionIds, ages, Form.ChildcareNeeds, Form.Answers);
        Registrations.Validate(Gathering, input, Errors);
        if (Errors.Any)
        {
            await LoadPageDataAsync();
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var access = await accessResolver.GetAsync(ct);
        var outcome = await Registrations.RegisterAsync(db, Gathering, access.PersonId!.Value, input, now, ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), outcome.Changed ? AuditAction.Change : AuditAction.Create, "Anmälan", outcome.RegistrationId.ToString(),
            $"{(outcome.Changed ? "Ändrade sin anmälan" : "Anmälde sig")} till träffen ”{Gathering.Title}”: {Registrations.StatusText(outcome.Status)}{(ages.Count > 0 ? $", {ages.Count} barn i barnpassningen" : "")}", ct);
        if (!outcome.Changed) await GatheringMail.SendConfirmationAsync(HttpContext.RequestServices, Gathering, access.PersonId!.Value, outcome, BaseUrl, ct);
        return Redirect($"/traffar/{id}?klart={(outcome.Changed ? "andrad" : outcome.Status == RegistrationStatus.Waiting ? "vantelista" : "anmald")}");
    }

    /// <summary>Applies for a seat that a lottery will give, or changes the application, until the deadline.</summary>
    public async Task<IActionResult> OnPostApplyAsync(Guid id)
    {
        if (Gathering is null && await LoadAsync(id) is { } refused) return refused;
        if (!SignedIn) return Challenge();
        if (!CanRegister) return Forbid();
        if (!Gathering!.SeatsByLottery) return NotFound();
        if (!IsOpen)
        {
            Errors.Add(FieldErrors.Form, Gathering.CancelledAt is null ? "Ansökningstiden har gått ut." : "Träffen är inställd.");
            return Page();
        }
        var ages = ParseAges(Form.ChildAges, Errors);
        var input = new RegistrationInput(Form.SessionIds, ages, Form.ChildcareNeeds, Form.Answers);
        var application = new Allocation.ApplicationInput(Form.Motivation, Form.Gender, Form.FirstTime);
        Registrations.Validate(Gathering, input, Errors);
        Allocation.ApplicationRound.Validate(Gathering, application, Errors);
        if (Errors.Any) return Page();
        var ct = HttpContext.RequestAborted;
        var (registrationId, changed) = await Allocation.ApplicationRound.ApplyAsync(db, Gathering, Mine?.PersonId ?? (await accessResolver.GetAsync(ct)).PersonId!.Value,
            input, application, clock.GetUtcNow(), ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), changed ? AuditAction.Change : AuditAction.Create, "Anmälan", registrationId.ToString(),
            $"{(changed ? "Ändrade sin ansökan" : "Ansökte")} till träffen ”{Gathering.Title}”{(ages.Count > 0 ? $", {ages.Count} barn i barnpassningen" : "")}", ct);
        if (!changed) await GatheringMail.SendApplicationReceivedAsync(HttpContext.RequestServices, Gathering, registrationId, BaseUrl, ct);
        return Redirect($"/traffar/{id}?klart={(changed ? "andrad" : "ansokt")}");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (Mine is not { Status: not RegistrationStatus.Cancelled } mine) return Redirect($"/traffar/{id}");
        var ct = HttpContext.RequestAborted;
        var offer = await Registrations.CancelAsync(db, Gathering, mine.Id, clock.GetUtcNow(), ct);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Anmälan", mine.Id.ToString(),
            $"Avbokade sin anmälan till träffen ”{Gathering.Title}”", ct);
        if (offer is not null) await GatheringMail.SendOffersAsync(HttpContext.RequestServices, Gathering, [offer], ct, BaseUrl);
        return Redirect($"/traffar/{id}?klart=avbokad");
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (Mine is not { Status: RegistrationStatus.Offered } mine) return Redirect($"/traffar/{id}");
        // A cancelled gathering has no seats to give, whatever offers were open when it was cancelled.
        if (Gathering.CancelledAt is not null) return Redirect($"/traffar/{id}");
        var ct = HttpContext.RequestAborted;
        var accepted = await Registrations.AcceptOfferAsync(db, Gathering, mine.Id, clock.GetUtcNow(), ct);
        if (accepted)
        {
            await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Change, "Anmälan", mine.Id.ToString(),
                $"Tackade ja till en plats från väntelistan till träffen ”{Gathering.Title}”", ct);
            // Cancelled while this request ran: the cancellation mail has gone out, so no confirmation follows it.
            if (await db.Set<Gathering>().AnyAsync(x => x.Id == id && x.CancelledAt != null, ct)) return Redirect($"/traffar/{id}");
            await GatheringMail.SendConfirmationAsync(HttpContext.RequestServices, Gathering, mine.PersonId,
                new RegistrationOutcome(mine.Id, RegistrationStatus.Confirmed, null, false), BaseUrl, ct);
        }
        return Redirect($"/traffar/{id}?klart={(accepted ? "anmald" : "for-sent")}");
    }

    /// <summary>The gathering as a calendar file, for anyone who may see it.</summary>
    public async Task<IActionResult> OnGetIcsAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        // An empty calendar file would import silently as nothing; say why there is none instead.
        if (Gathering.Sessions.Count == 0)
            return new ContentResult { StatusCode = StatusCodes.Status404NotFound, ContentType = "text/plain; charset=utf-8",
                Content = "Träffen har inga pass med datum och tid ännu, så det finns inget att lägga i kalendern." };
        var ics = GatheringMail.Calendar(Gathering, BaseUrl, clock.GetUtcNow());
        return File(Encoding.UTF8.GetBytes(ics), Calendar.Ics.ContentType, $"{Members.MemberSearch.Slug(Gathering.Title)}.ics");
    }


    /// <summary>"3, 7" → [3, 7]; anything else is named in the error.</summary>
    public static List<int> ParseAges(string? text, FieldErrors errors)
    {
        var ages = new List<int>();
        if (string.IsNullOrWhiteSpace(text)) return ages;
        var parts = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 50) { errors.Add("Children", $"Som mest {Registrations.MaxChildren} barn per anmälan."); return ages; }
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var age))
            {
                errors.Add("Children", $"”{(part.Length > 20 ? part[..20] + "…" : part)}” är ingen ålder. Skriv barnens åldrar i hela år, till exempel 3, 7.");
                return ages;
            }
            ages.Add(age);
        }
        return ages;
    }

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";

    /// <summary>
    /// The gathering and what the person may do with it; unless <paramref name="forPage"/> is false, also what only the
    /// page shows (their registration, the counts), which a registration that ends in a redirect does not need.
    /// </summary>
    private async Task<IActionResult?> LoadAsync(Guid id, bool forPage = true)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).Include(x => x.Questions)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return NotFound();
        // Only an invitation of assignment holders has types (the form drops them otherwise): one statement fewer for the rest.
        if (g.Invitation == Invitation.AssignmentHolders)
        {
            g.InvitedTypes = await db.Set<GatheringInvitedType>().AsNoTracking().Where(t => t.GatheringId == id).ToListAsync(ct);
        }
        g.Sessions.Sort((a, b) => a.Order.CompareTo(b.Order));
        g.Questions.Sort((a, b) => a.Order.CompareTo(b.Order));
        var access = await accessResolver.GetAsync(ct);
        var rules = await GatheringAccess.ForAsync(db, access, SwedishFormat.Today(clock), ct);
        if (!rules.CanSee(g)) return NotFound();
        Gathering = g;
        SignedIn = access.UserId is not null;
        CanManage = rules.CanManage(g);
        CanRegister = rules.CanRegister(g);
        IsOpen = Registrations.IsOpen(g, clock.GetUtcNow());
        Started = Registrations.HasStarted(g, clock.GetUtcNow());
        UnitName = (await UnitDirectory.GetAsync(db, ct)).Units.TryGetValue(g.UnitId, out var unit) ? unit.Name : "";
        if (g.SeatsByLottery) Stage = Allocation.ApplicationRound.Stage(g, clock.GetUtcNow());
        if (forPage) await LoadPageDataAsync();
        return null;
    }

    /// <summary>The person's registration and the gathering's counts, for showing the page.</summary>
    private async Task LoadPageDataAsync()
    {
        var (id, ct) = (Gathering.Id, HttpContext.RequestAborted);
        if ((await accessResolver.GetAsync(ct)).PersonId is { } personId)
        {
            Mine = await db.Set<Registration>().AsNoTracking().Include(r => r.Children).Include(r => r.Answers).Include(r => r.Sessions)
                .AsSplitQuery().FirstOrDefaultAsync(r => r.GatheringId == id && r.PersonId == personId, ct);
            if (Mine is { Status: RegistrationStatus.Waiting }) WaitingPosition = await Registrations.WaitingPositionAsync(db, Mine, ct);
        }
        var counts = await db.Set<Registration>().Where(r => r.GatheringId == id).GroupBy(r => r.Status).Select(x => new { x.Key, Count = x.Count() }).ToListAsync(ct);
        SeatsTaken = counts.Where(c => c.Key is RegistrationStatus.Confirmed or RegistrationStatus.Offered).Sum(c => c.Count);
        Waiting = counts.Where(c => c.Key == RegistrationStatus.Waiting).Sum(c => c.Count);
        Applied = counts.Where(c => c.Key == RegistrationStatus.Applied).Sum(c => c.Count);
    }
}
