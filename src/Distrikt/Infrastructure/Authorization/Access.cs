using System.Security.Claims;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Infrastructure.Authorization;

/// <summary>One current assignment as it matters for permissions.</summary>
public sealed record HeldAssignment(Guid AssignmentId, Guid UnitId, string UnitName, UnitKind UnitKind, string TypeName, string? TypeKey, Permission Permissions, DateOnly StartsOn, DateOnly? EndsOn);

/// <summary>
/// What the signed-in person may do right now, computed once per request from their current assignments:
/// an assignment counts from its start date through its end date, and grants its permissions in its unit
/// and every unit below. Nothing else — no global flags — gives access.
/// </summary>
public sealed class Access
{
    private readonly Dictionary<Guid, Permission> _byUnit;
    private readonly IReadOnlyDictionary<Guid, Guid?> _parents;

    public Access(Guid? userId, Guid? personId, bool isStrong, bool isDemo, IReadOnlyList<HeldAssignment> assignments, IReadOnlyDictionary<Guid, Guid?> parents,
        string? firstName = null, string? lastName = null)
    {
        UserId = userId;
        PersonId = personId;
        FirstName = firstName;
        PersonName = firstName is null ? null : $"{firstName} {lastName}".Trim();
        IsStrong = isStrong;
        IsDemo = isDemo;
        Assignments = assignments;
        _parents = parents;
        _byUnit = [];
        foreach (var a in assignments)
        {
            _byUnit[a.UnitId] = _byUnit.GetValueOrDefault(a.UnitId) | a.Permissions;
        }
    }

    public static Access Anonymous { get; } = new(null, null, false, false, [], new Dictionary<Guid, Guid?>());

    public Guid? UserId { get; }
    public Guid? PersonId { get; }
    /// <summary>The signed-in person's names, read with the account so pages and the audit log need no query of their own.</summary>
    public string? FirstName { get; }
    public string? PersonName { get; }
    /// <summary>The unit tree (unit → parent), read once per request.</summary>
    public IReadOnlyDictionary<Guid, Guid?> UnitParents => _parents;
    /// <summary>Signed in with a passkey, or with a link followed by a TOTP code.</summary>
    public bool IsStrong { get; }
    public bool IsDemo { get; }
    public IReadOnlyList<HeldAssignment> Assignments { get; }

    /// <summary>All permissions held anywhere.</summary>
    public Permission Anywhere => _byUnit.Values.Aggregate(Permission.None, (a, b) => a | b);

    /// <summary>Whether this person's assignments let them see other people's data, and so require strong sign-in.</summary>
    public bool NeedsStrongSignIn => (Anywhere & Permissions.RevealingPersonalData) != 0;

    /// <summary>Permissions in a unit: those granted there or in any unit above it.</summary>
    public Permission In(Guid unitId)
    {
        var result = Permission.None;
        Guid? current = unitId;
        var guard = 0;
        while (current is { } id && guard++ < 64)
        {
            result |= _byUnit.GetValueOrDefault(id);
            current = _parents.GetValueOrDefault(id);
        }
        return result;
    }

    /// <summary>True when the permission is held and, if it reveals personal data, the sign-in was strong.</summary>
    public bool Can(Permission permission, Guid unitId) => (In(unitId) & permission) == permission && StrongEnoughFor(permission);

    public bool CanAnywhere(Permission permission) => (Anywhere & permission) == permission && StrongEnoughFor(permission);

    public bool StrongEnoughFor(Permission permission) =>
        (permission & Permissions.RevealingPersonalData) == 0 || IsStrong;

    /// <summary>
    /// Whether any current assignment lies in the unit or below it, whatever it grants: what volunteers need to record a
    /// contact at a stall or to call from a list in their district.
    /// </summary>
    public bool HoldsAssignmentWithin(Guid unitId) => Assignments.Any(a => IsWithin(a.UnitId, unitId));

    private bool IsWithin(Guid unitId, Guid ancestorId)
    {
        Guid? current = unitId;
        var guard = 0;
        while (current is { } id && guard++ < 64)
        {
            if (id == ancestorId) return true;
            current = _parents.GetValueOrDefault(id);
        }
        return false;
    }

    /// <summary>The units where the permission is held directly (the tops of the subtrees it covers).</summary>
    public IEnumerable<Guid> UnitsWith(Permission permission) =>
        StrongEnoughFor(permission) ? _byUnit.Where(kv => (kv.Value & permission) == permission).Select(kv => kv.Key) : [];

    /// <summary>Every unit the permission reaches, with all descendants.</summary>
    public HashSet<Guid> UnitsReachedBy(Permission permission)
    {
        var tops = UnitsWith(permission).ToHashSet();
        return _parents.Keys.Where(unit => tops.Any(top => IsWithin(unit, top))).ToHashSet();
    }
}

public static class DistriktClaims
{
    /// <summary>Set at sign-in when the method was strong: "passkey", "totp", or "demo" for demo accounts in demo mode.</summary>
    public const string StrongMethod = "distrikt:strong";
    public const string PersonId = "distrikt:person";
}

/// <summary>Builds <see cref="Access"/> for the current request, once.</summary>
public sealed class AccessResolver(DistriktDb db, IHttpContextAccessor http, TimeProvider clock)
{
    private Access? _cached;

    public async Task<Access> GetAsync(CancellationToken ct = default)
    {
        if (_cached is not null) return _cached;
        var principal = http.HttpContext?.User;
        _cached = principal is null ? Access.Anonymous : await ForPrincipalAsync(principal, ct);
        return _cached;
    }

    public async Task<Access> ForPrincipalAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.Identity?.IsAuthenticated != true) return Access.Anonymous;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return Access.Anonymous;
        var today = Web.SwedishFormat.Today(clock);
        // The account, its person and their current assignments in one statement.
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.PersonId, u.IsDemo,
                FirstName = u.Person != null ? u.Person.FirstName : null,
                LastName = u.Person != null ? u.Person.LastName : null,
                Held = db.Set<Features.Assignments.Assignment>()
                    .Where(a => a.PersonId == u.PersonId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
                    .Select(a => new HeldAssignment(a.Id, a.UnitId, a.Unit!.Name, a.Unit.Kind, a.AssignmentType!.Name, a.AssignmentType.Key, a.AssignmentType.Permissions, a.StartsOn, a.EndsOn))
                    .ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (user is null) return Access.Anonymous;
        var isStrong = principal.HasClaim(c => c.Type == DistriktClaims.StrongMethod);
        if (user.PersonId is not { } personId)
            return new Access(userId, null, isStrong, user.IsDemo, [], new Dictionary<Guid, Guid?>());
        var held = user.Held;
        var directory = await UnitDirectory.GetAsync(db, ct);
        return new Access(userId, personId, isStrong, user.IsDemo, held, directory.Parents, user.FirstName, user.LastName);
    }
}
