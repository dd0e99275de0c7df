using Distrikt.Features.Members;
using Distrikt.Features.People;
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
/// Who registered, for the organisers: participants, the waiting list in order, childcare per session with the
/// childminders it needs, answers (sensitive ones included, which only organisers see), and exports. Every view and
/// export is audit-logged with counts, never names.
/// </summary>
[Authorize]
public sealed class ParticipantsModel(DistriktDb db, AccessResolver accessResolver, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Person(Registration Registration, string Name, string? Email, string? Phone);

    public Gathering Gathering { get; private set; } = null!;
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<Childcare.SessionPlan> ChildcarePlan { get; private set; } = [];
    public IEnumerable<Person> Confirmed => People.Where(p => p.Registration.Status == RegistrationStatus.Confirmed);
    public IEnumerable<Person> Offered => People.Where(p => p.Registration.Status == RegistrationStatus.Offered);
    public IEnumerable<Person> Waiting => People.Where(p => p.Registration.Status == RegistrationStatus.Waiting)
        .OrderBy(p => p.Registration.ReservePosition).ThenBy(p => p.Registration.QueuedAt);
    /// <summary>The first session has begun: who had a seat and was not checked in did not come (as far as the door knows).</summary>
    public bool Started { get; private set; }
    public IEnumerable<Person> NoShows => Started ? Confirmed.Where(p => p.Registration.CheckedInAt is null) : [];
    /// <summary>Applications to a lottery not yet drawn, in the order they came in.</summary>
    public IEnumerable<Person> Applied => People.Where(p => p.Registration.Status == RegistrationStatus.Applied)
        .OrderBy(p => p.Registration.ApplicationNumber).ThenBy(p => p.Registration.RegisteredAt);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.View, "Deltagarlista", id.ToString(),
            $"Visade deltagarna i träffen ”{Gathering.Title}”: {Confirmed.Count()} anmälda, {Waiting.Count()} på väntelistan", HttpContext.RequestAborted);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(Guid id) => ExportAsync(id, "CSV", "csv", CsvWriter.ContentType,
        (headers, rows) => CsvWriter.ToBytes(csv => { csv.WriteRow([.. headers]); foreach (var r in rows) csv.WriteRow([.. r]); }));

    public Task<IActionResult> OnGetXlsxAsync(Guid id) => ExportAsync(id, "Excel", "xlsx", XlsxWriter.ContentType,
        (headers, rows) => XlsxWriter.ToBytes("Deltagare", headers, rows));

    /// <summary>The list to print: participants with contact, children and answers, the waiting list, and childcare per session.</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        var g = Gathering;
        using var doc = new Infrastructure.Pdf.PdfTextDocument($"Deltagare – {g.Title}");
        doc.Title($"Deltagare – {g.Title}");
        doc.Text(GatheringMail.When(g).Replace("\n", "; ") + (g.Address is null ? "" : $" · {g.Address}"));
        doc.List($"Anmälda ({Confirmed.Count()})", Confirmed.Select(p =>
            $"{p.Name}{(p.Phone is null ? "" : ", " + RegisterImport.RegisterRows.FormatPhone(p.Phone))}"
            + (p.Registration.Children.Count > 0 ? $"; barn {string.Join(", ", p.Registration.Children.OrderBy(c => c.Order).Select(c => $"{c.Age} år"))}" : "")
            + string.Concat(g.Questions.Select(q => p.Registration.Answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Value is { } v ? $"; {q.Text}: {v}" : ""))
            + (p.Registration.CheckedInAt is not null ? " (incheckad)" : "")));
        doc.List($"{(g.SeatsByLottery ? "Reservlista" : "Väntelista")} ({Waiting.Count()})", Waiting.Select((p, i) => $"{i + 1}. {p.Name}"));
        if (Started) doc.List($"Kom inte ({NoShows.Count()})", NoShows.Select(p => p.Name));
        if (Applied.Any()) doc.List($"Ansökningar ({Applied.Count()})", Applied.Select(p => $"{p.Name}: {p.Registration.Motivation}"));
        if (g.ChildcareOffered)
            doc.List("Barnpassning", ChildcarePlan.Select(p => $"{SwedishFormat.DateTime(p.Session.StartsAt)}: {p.Children} barn ("
                + string.Join(", ", Childcare.Bands.Select((b, i) => $"{b.Label} {p.PerBand[i]}")) + $"), {p.Minders} barnvakter"));
        var file = doc.Build();
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Deltagarlista", id.ToString(),
            $"Exporterade deltagarna i träffen ”{g.Title}” som PDF: {Confirmed.Count() + Waiting.Count()} personer", HttpContext.RequestAborted);
        return File(file, "application/pdf", $"deltagare-{MemberSearch.Slug(g.Title)}.pdf");
    }

    private async Task<IActionResult> ExportAsync(Guid id, string format, string extension, string contentType, Func<IReadOnlyList<string>, IEnumerable<IReadOnlyList<string?>>, byte[]> write)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        var questions = Gathering.Questions;
        var headers = new List<string> { "Status", "Plats i kön", "Förnamn och efternamn", "E-post", "Telefon", "Anmäld", "Incheckad", "Barn (åldrar)", "Barnens behov" };
        if (Gathering.SeatsByLottery) headers.AddRange(["Nummer i lottningen", "Motivering"]);
        if (Started) headers.Add("Närvaro");
        headers.AddRange(questions.Select(q => q.Text));
        var position = 0;
        var rows = People.Where(p => p.Registration.Status != RegistrationStatus.Cancelled)
            .OrderBy(p => p.Registration.Status).ThenBy(p => p.Registration.ReservePosition).ThenBy(p => p.Registration.QueuedAt).ThenBy(p => p.Name, SwedishCollation.Comparer)
            .Select(p => (IReadOnlyList<string?>)new List<string?>
            {
                Registrations.StatusText(p.Registration.Status),
                p.Registration.Status == RegistrationStatus.Waiting ? (++position).ToString(SwedishFormat.Culture) : "",
                p.Name, p.Email, p.Phone is null ? null : RegisterImport.RegisterRows.FormatPhone(p.Phone),
                SwedishFormat.DateTime(p.Registration.RegisteredAt),
                p.Registration.CheckedInAt is { } c ? SwedishFormat.DateTime(c) : "",
                string.Join(", ", p.Registration.Children.OrderBy(x => x.Order).Select(x => x.Age)),
                p.Registration.ChildcareNeeds,
            }.Concat(Gathering.SeatsByLottery ? [p.Registration.ApplicationNumber?.ToString(SwedishFormat.Culture), p.Registration.Motivation] : [])
            .Concat(Started ? [p.Registration.Status != RegistrationStatus.Confirmed ? "" : p.Registration.CheckedInAt is null ? "kom inte" : "kom"] : [])
            .Concat(questions.Select(q => p.Registration.Answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Value)).ToList())
            .ToList();
        var file = write(headers, rows);
        await audit.RecordAsync(await HttpContext.AuditActorAsync(accessResolver), AuditAction.Export, "Deltagarlista", id.ToString(),
            $"Exporterade deltagarna i träffen ”{Gathering.Title}” som {format}: {rows.Count} personer", HttpContext.RequestAborted);
        return File(file, contentType, $"deltagare-{MemberSearch.Slug(Gathering.Title)}.{extension}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var g = await db.Set<Gathering>().AsNoTracking().Include(x => x.Sessions).Include(x => x.Questions).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is null) return NotFound();
        var access = await accessResolver.GetAsync(ct);
        if (GatheringAccess.ManageRefusal(access, g.UnitId, Request) is { } refusal) return refusal;
        g.Questions.Sort((a, b) => a.Order.CompareTo(b.Order));
        Gathering = g;
        var registrations = await db.Set<Registration>().AsNoTracking().Where(r => r.GatheringId == id)
            .Include(r => r.Children).Include(r => r.Answers).Include(r => r.Sessions).Include(r => r.Person).AsSplitQuery().ToListAsync(ct);
        People = registrations.Select(r => new Person(r, r.Person!.FullName, r.Person.Email, r.Person.Phone))
            .OrderBy(p => p.Name, SwedishCollation.Comparer).ToList();
        ChildcarePlan = Childcare.Plan(g, registrations);
        Started = Registrations.HasStarted(g, clock.GetUtcNow());
        return null;
    }
}
