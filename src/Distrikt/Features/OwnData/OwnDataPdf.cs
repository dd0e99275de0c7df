using Distrikt.Features.Members;
using Distrikt.Infrastructure.Web;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Distrikt.Features.OwnData;

/// <summary>
/// The member's own data as a readable A4 document. Written with PdfPig (Apache-2.0) and DejaVu Sans embedded:
/// the fourteen standard PDF fonts cannot be relied on for å, ä and ö, and a font that ships with the app needs
/// nothing from the network when the file is made.
/// </summary>
public static class OwnDataPdf
{
    private static readonly Lazy<byte[]> Regular = new(() => Font("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> Bold = new(() => Font("DejaVuSans-Bold.ttf"));

    private static byte[] Font(string file)
    {
        using var stream = typeof(OwnDataPdf).Assembly.GetManifestResourceStream($"Distrikt.Features.OwnData.Fonts.{file}")
            ?? throw new InvalidOperationException($"Typsnittet {file} saknas i programmet.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Write(OwnDataReport r)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = $"Mina uppgifter i Distrikt – {r.Person.FirstName} {r.Person.LastName}";
        builder.DocumentInformation.Producer = "Distrikt";
        var doc = new Writer(builder, builder.AddTrueTypeFont(Regular.Value), builder.AddTrueTypeFont(Bold.Value));
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
        return builder.Build();
    }

    private static string Span(DateOnly from, DateOnly? to) => $"{SwedishFormat.Date(from)} – {(to is { } t ? SwedishFormat.Date(t) : "tills vidare")}";

    /// <summary>Top-down text on A4 pages with word wrap, a new page when the current one is full.</summary>
    private sealed class Writer(PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold)
    {
        private const double Margin = 56, Width = 595 - 2 * Margin, Bottom = 56;
        private PdfPageBuilder? _page;
        private double _y;

        private PdfPageBuilder Page(double needed)
        {
            if (_page is null || _y - needed < Bottom)
            {
                _page = builder.AddPage(PageSize.A4);
                _y = 842 - Margin;
            }
            return _page;
        }

        public void Title(string text) => Lines(text, 18, bold, 8, indent: 0);

        public void Heading(string text)
        {
            _y -= 10;
            Page(40);
            Lines(text, 13, bold, 4, indent: 0);
        }

        public void Text(string text) => Lines(text, 10, regular, 3, indent: 0);

        public void Fact(string label, string value) => Lines($"{label}: {value}", 10, regular, 2, indent: 0);

        public void List(string heading, IEnumerable<string> items)
        {
            Heading(heading);
            var any = false;
            foreach (var item in items)
            {
                any = true;
                Lines("• " + item, 10, regular, 3, indent: 10);
            }
            if (!any) Text("Inget sparat.");
        }

        private void Lines(string text, double size, PdfDocumentBuilder.AddedFont font, double after, double indent)
        {
            var lineHeight = size * 1.35;
            var words = Printable(text, font).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = "";
            var first = true;
            foreach (var word in words)
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Measure(candidate, size, font) > Width - indent)
                {
                    Draw(line, size, font, lineHeight, first ? 0 : indent);
                    first = false;
                    line = word;
                }
                else line = candidate;
            }
            if (line.Length > 0) Draw(line, size, font, lineHeight, first ? 0 : indent);
            _y -= after;
        }

        /// <summary>
        /// The text as the font can draw it. A note may hold a character the font lacks (an emoji); it becomes "?"
        /// rather than costing the member the whole file.
        /// </summary>
        private string Printable(string text, PdfDocumentBuilder.AddedFont font)
        {
            var flat = new string(text.Select(c => char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c).ToArray());
            try
            {
                Page(0).MeasureText(flat, 10, new PdfPoint(0, 0), font);
                return flat;
            }
            catch (InvalidOperationException)
            {
                var kept = new System.Text.StringBuilder(flat.Length);
                foreach (var rune in flat.EnumerateRunes())
                {
                    try { Page(0).MeasureText(rune.ToString(), 10, new PdfPoint(0, 0), font); kept.Append(rune.ToString()); }
                    catch (InvalidOperationException) { kept.Append('?'); }
                }
                return kept.ToString();
            }
        }

        private double Measure(string text, double size, PdfDocumentBuilder.AddedFont font)
        {
            var letters = Page(0).MeasureText(text, size, new PdfPoint(0, 0), font);
            return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
        }

        private void Draw(string line, double size, PdfDocumentBuilder.AddedFont font, double lineHeight, double indent)
        {
            var page = Page(lineHeight);
            _y -= lineHeight;
            page.AddText(line, size, new PdfPoint(Margin + indent, _y), font);
        }
    }
}
