using Distrikt.Features.Members;
using Distrikt.Infrastructure.Web;
using Distrikt.Infrastructure.Pdf;

namespace Distrikt.Features.OwnData;

/// <summary>The member's own data as a readable A4 document (<see cref="PdfTextDocument"/>).</summary>
public static class OwnDataPdf
{
    public static byte[] Write(OwnDataReport r)
    {
        using var doc = new PdfTextDocument($"Mina uppgifter i Distrikt – {r.Person.FirstName} {r.Person.LastName}");
        var p = r.Person;

        doc.Title($"Mina uppgifter – {p.FirstName} {p.LastName}");
        doc.Text($"Det här är allt Distrikt har sparat om dig, den {SwedishFormat.DateTime(r.MadeAt)}.");

        doc.Heading("Kontaktuppgifter");
        doc.Fact("Namn", $"{p.FirstName} {p.LastName}");
        doc.Fact("E-post", p.Email ?? "saknas");
        doc.Fact("Telefon", p.Phone is { } phone ? Contact.Phone(phone) : "saknas");
        doc.Fact("Adress", string.Join(", ", new[] { p.StreetAddress, $"{p.PostalCode} {p.City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } a ? a : "saknas");
        doc.Fact("Kommun", p.Municipality ?? "okänd");
        doc.Fact("Medlemsnummer", p.MemberNumber ?? "saknas");
        doc.Fact("Födelsedatum", p.BirthDate is { } born ? SwedishFormat.Date(born) : "okänt");
        doc.Fact("Vill inte bli kontaktad", p.DoNotContactSince is { } dnc ? $"sedan {SwedishFormat.Date(dnc)}" : "nej");
        doc.Fact("Personnummer", "sparas inte, bara födelsedatumet");

        doc.List("Medlemskap", r.Memberships.Select(m => $"{m.Unit}: {Span(m.StartedOn, m.EndedOn)}"
            + (m.FeePaidThrough is { } paid ? $", avgift betald till och med {SwedishFormat.Date(paid)}" : "")));
        doc.List("Uppdrag", r.Assignments.Select(x => $"{x.Type} i {x.Unit}: {Span(x.StartsOn, x.EndsOn)}"));
        doc.List("Taggar", r.Tags);
        doc.List("Samtycke att bli kontaktad om medlemskap", r.RecruitmentConsents.Select(c =>
            $"{SwedishFormat.Date(c.ConsentGivenOn)}, {c.Unit} ({c.Source}{(c.SourceNote is { } n ? ": " + n : "")}). Du godkände: ”{c.ConsentText}”"
            + (c.JoinedOn is { } j ? $" Blev medlem {SwedishFormat.Date(j)}." : "")));
        doc.List("Medlemsvård", r.CareSteps.Select(s => $"{SwedishFormat.Date(s.DoneOn)}, {s.Unit}: {s.Queue}" + (s.Note is { } n ? $". Anteckning: {n}" : "")));
        doc.List("Ringlistor där du finns med", r.CallsAboutYou.Select(c =>
            $"{c.CallList} ({c.Unit}){(c.CalledAt is { } at ? $", ringd {SwedishFormat.DateTime(at)}" : "")}: {c.Outcome ?? "inte ringd än"}"
            + (c.EngageIn is { } e ? $". Vill engagera sig i: {e}" : "") + (c.Note is { } n ? $". Anteckning: {n}" : "")));
        doc.List("Ringlistor du ringer från", r.CallListsYouCallFrom.Select(c => $"{c.CallList} ({c.Unit}), {(c.Open ? "öppen" : "stängd")}"));
        doc.List("Fadderskap", r.LiaisonRoles.Select(l => $"{l.Unit}: {Span(l.StartsOn, l.EndsOn)}, kontakt var {l.RhythmDays}:e dag"));
        doc.List("Kontakter du har loggat som fadder", r.LiaisonContactsYouLogged.Select(c =>
            $"{SwedishFormat.Date(c.ContactedOn)}, {c.Unit} ({c.Channel})" + (c.Note is { } n ? $": {n}" : "")));
        doc.List("Kontaktperson för", r.ContactPersonFor);
        doc.List("Anmälningar till träffar", r.Registrations.Select(x => $"{x.Gathering}{(x.StartsAt is { } at ? $" ({SwedishFormat.DateTime(at)})" : "")}: {x.Status}"
            + (x.ChildAges.Count > 0 ? $"; barn {string.Join(", ", x.ChildAges)} år" : "") + (x.ChildcareNeeds is { } n ? $"; barnens behov: {n}" : "")
            + string.Concat(x.Answers.Select(a => "; " + a)) + (x.CheckedInAt is { } c ? $"; incheckad {SwedishFormat.DateTime(c)}" : "")));

        doc.Heading("Ditt konto");
        if (r.Account is { } acc)
        {
            doc.Fact("E-post för inloggning", acc.Email ?? "saknas");
            doc.Fact("Inloggningslänk via e-post", acc.EmailLinkSignIn ? "ja" : "nej");
            doc.Fact("Engångskoder (app)", acc.TwoFactorCode ? "ja" : "nej");
            doc.Fact("Nycklar (passkeys)", acc.Passkeys.Count == 0 ? "inga"
                : string.Join(", ", acc.Passkeys.Select(k => $"{k.Name ?? "namnlös"} ({SwedishFormat.Date(DateOnly.FromDateTime(SwedishFormat.Local(k.CreatedAt)))})")));
        }
        else
        {
            doc.Text("Du har inget konto.");
        }

        doc.Heading("Granskningsloggen");
        doc.Text($"Granskningsloggen har {r.AuditEntriesAboutYou} poster om din personsida (vem som öppnade eller ändrade den och när). Loggen går inte att ändra i efterhand.");

        doc.Heading("Hur länge uppgifterna sparas");
        doc.Text($"{r.Retention.District} raderar uppgifterna om en tidigare medlem {r.Retention.FormerMemberRetentionDays} dagar efter att medlemskapet tog slut. "
            + "Har du haft uppdrag sparas ditt namn och dina uppdrag som föreningens historia; allt annat tas bort.");
        doc.Text($"En kontakt som inte blivit medlem raderas {r.Retention.ProspectRetentionDays} dagar efter samtycket.");
        return doc.Build();
    }

    private static string Span(DateOnly from, DateOnly? to) => $"{SwedishFormat.Date(from)} – {(to is { } t ? SwedishFormat.Date(t) : "tills vidare")}";
}
