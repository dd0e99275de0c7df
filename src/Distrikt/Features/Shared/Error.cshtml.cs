using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Shared;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Något gick fel";
    public string Explanation { get; private set; } = "Ett oväntat fel inträffade. Inget har sparats till hälften; försök igen om en stund.";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? 500;
        (Heading, Explanation) = status switch
        {
            400 => ("Felaktig begäran", "Begäran kunde inte tolkas. Gå tillbaka och försök igen."),
            403 => ("Åtkomst nekad", "Dina nuvarande uppdrag ger inte tillgång till den här sidan."),
            404 => ("Sidan finns inte", "Adressen leder ingenstans. Den kan ha flyttats eller tagits bort."),
            413 => ("Filen är för stor", "Det du skickade är större än vad som tas emot. En exportfil från medlemsregistret får vara högst 50 MB; dela upp den eller spara den som CSV, som tar mindre plats."),
            429 => ("För många försök", "Vänta en minut och försök igen."),
            _ => (Heading, Explanation),
        };
        if (status is >= 400 and < 600) Response.StatusCode = status;
    }
}
