using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Gatherings;

/// <summary>
/// Who sees a gathering: its organisers (the right to arrange gatherings in its unit), everyone when it is public,
/// and otherwise only those it invites — so an association's internal gathering is not seen by other associations'
/// members. The one place this rule lives; the list, the gathering's page, the calendars and registration ask here.
/// </summary>
public sealed class GatheringAccess
{
    private readonly Access _access;
    private readonly UnitDirectorySnapshot _directory;
    /// <summary>Units the person is a member of today.</summary>
    private readonly HashSet<Guid> _memberOf;
    /// <summary>(unit, assignment type) the person holds today.</summary>
    private readonly HashSet<(Guid Unit, Guid Type)> _holds;
    private readonly HashSet<Guid> _listedOn;

    private GatheringAccess(Access access, UnitDirectorySnapshot directory, HashSet<Guid> memberOf, HashSet<(Guid, Guid)> holds, HashSet<Guid> listedOn)
    {
        _access = access;
        _directory = directory;
        _memberOf = memberOf;
        _holds = holds;
        _listedOn = listedOn;
    }

    public static async Task<GatheringAccess> ForAsync(DistriktDb db, Access access, DateOnly today, CancellationToken ct)
    {
        var directory = await UnitDirectory.GetAsync(db, ct);
        if (access.PersonId is not { } personId) return new GatheringAccess(access, directory, [], [], []);
        // Memberships, assignments and invitations in one statement (every page of gatherings asks, registration too).
        var rows = await db.Set<Membership>().AsNoTracking().Where(m => m.PersonId == personId).Where(MembershipQueries.CurrentOn(today))
            .Select(m => new { Kind = MemberOf, Id = m.UnitId, Type = Guid.Empty })
            .Concat(db.Set<Assignment>().AsNoTracking()
                .Where(a => a.PersonId == personId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
                .Select(a => new { Kind = Holds, Id = a.UnitId, Type = a.AssignmentTypeId }))
            .Concat(db.Set<GatheringInvitee>().AsNoTracking().Where(i => i.PersonId == personId)
                .Select(i => new { Kind = ListedOn, Id = i.GatheringId, Type = Guid.Empty }))
            .ToListAsync(ct);
        return new GatheringAccess(access, directory, [.. rows.Where(r => r.Kind == MemberOf).Select(r => r.Id)],
            [.. rows.Where(r => r.Kind == Holds).Select(r => (r.Id, r.Type))], [.. rows.Where(r => r.Kind == ListedOn).Select(r => r.Id)]);
    }

    private const int MemberOf = 1, Holds = 2, ListedOn = 3;

    public Access Access => _access;

    /// <summary>May arrange the gathering and see who registered, with answers and children.</summary>
    public bool CanManage(Gathering g) => _access.Can(Permission.ManageGatherings, g.UnitId);

    /// <summary>Is among those the gathering is for, and so may register.</summary>
    public bool IsInvited(Gathering g) => g.Invitation switch
    {
        Invitation.Members => _memberOf.Any(u => Within(u, g.UnitId)),
        Invitation.AssignmentHolders => _holds.Any(h => Within(h.Unit, g.UnitId) && g.InvitedTypes.Any(t => t.AssignmentTypeId == h.Type)),
        Invitation.List => _listedOn.Contains(g.Id),
        _ => false,
    };

    /// <summary>
    /// For the organisers' pages: null when the person may arrange the unit's gatherings; otherwise a refusal, or for
    /// someone who holds the right but signed in weakly, the way to strengthen the sign-in (the pages show who registered).
    /// </summary>
    public static Microsoft.AspNetCore.Mvc.IActionResult? ManageRefusal(Access access, Guid unitId, HttpRequest request)
    {
        if (access.Can(Permission.ManageGatherings, unitId)) return null;
        if ((access.In(unitId) & Permission.ManageGatherings) == 0) return new Microsoft.AspNetCore.Mvc.ForbidResult();
        return new Microsoft.AspNetCore.Mvc.RedirectResult("/konto/stark-inloggning?returnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
    }

    public bool CanSee(Gathering g) => g.IsPublic || CanManage(g) || IsInvited(g);

    /// <summary>May register: invited, or a public gathering's visitor who is a member of the district that arranges it.</summary>
    public bool CanRegister(Gathering g) => _access.PersonId is not null && (IsInvited(g) || (g.IsPublic && _memberOf.Any(u => SameDistrict(u, g.UnitId))));

    private bool Within(Guid unit, Guid top) => UnitTree.IsWithin(_directory.Parents, unit, top);

    private bool SameDistrict(Guid a, Guid b) => _directory.DistrictOf(a) is { } d && d == _directory.DistrictOf(b);
}
