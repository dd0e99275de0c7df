using Distrikt.Features.People;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Liaisons;

/// <summary>
/// What the signed-in person may do in faddersystemet of one district. A board seat is not a permission (ledamot and
/// ersättare grant none), so the two pages that board members read check it here rather than by attribute: the
/// district board reads, a liaison of the association and whoever may appoint in the district log contacts.
/// </summary>
public sealed record LiaisonViewer(bool OnBoard, bool IsLiaison, bool ManagesAssignments, bool IsStrong)
{
    public bool MayRead => OnBoard || ManagesAssignments;
    public bool MayLog => IsLiaison || ManagesAssignments;

    /// <summary>
    /// Refuses whoever may not read, and sends whoever may but signed in weakly to strengthen the sign-in: both pages
    /// show other people's names, and the contact log their phone numbers. Null when the page may be shown.
    /// </summary>
    public IActionResult? Refusal(HttpRequest request)
    {
        if (!MayRead) return new ForbidResult();
        if (IsStrong) return null;
        var returnUrl = request.PathBase + request.Path + request.QueryString;
        return new RedirectResult("/konto/stark-inloggning?returnUrl=" + Uri.EscapeDataString(returnUrl));
    }

    /// <param name="associationId">The association whose liaisons matter, or null on the district's overview.</param>
    public static async Task<LiaisonViewer> ForAsync(DistriktDb db, Access access, Guid districtId, Guid? associationId, DateOnly today, CancellationToken ct)
    {
        // Held, strong or not: a weak sign-in is asked to be strengthened rather than refused outright.
        var manages = (access.In(districtId) & Permission.ManageAssignments) == Permission.ManageAssignments;
        bool onBoard = false, isLiaison = false;
        // Board seats are held in the district itself; without any assignment there the read is not needed.
        if (access.PersonId is { } personId && access.Assignments.Any(a => a.UnitId == districtId))
        {
            var seats = LiaisonRules.BoardSeats(db, districtId, today);
            var found = await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId)
                .Select(p => new
                {
                    OnBoard = seats.Any(a => a.PersonId == personId),
                    IsLiaison = associationId != null
                                && db.Set<Liaison>().Where(l => l.StartsOn <= today && (l.EndsOn == null || l.EndsOn >= today))
                                    .Any(l => l.UnitId == associationId && l.PersonId == personId),
                })
                .FirstOrDefaultAsync(ct);
            onBoard = found?.OnBoard == true;
            // A liaison whose board seat has ended is no longer one.
            isLiaison = onBoard && found?.IsLiaison == true;
        }
        return new LiaisonViewer(onBoard, isLiaison, manages, access.IsStrong);
    }
}
