using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Distrikt.Features.Shared;

public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
