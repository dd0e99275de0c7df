using Distrikt.Features.Assignments;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Api;

public sealed record MeResponse(Guid UserId, string? Name, bool StrongSignIn, IReadOnlyList<AssignmentResponse> Assignments);
public sealed record AssignmentResponse(Guid Id, Guid UnitId, string UnitName, string Type, DateOnly StartsOn, DateOnly? EndsOn);
public sealed record UnitResponse(Guid Id, string Kind, string Name, Guid? ParentId, IReadOnlyList<string> Municipalities);
public sealed record UnitAssignmentResponse(Guid Id, Guid PersonId, string PersonName, string Type, DateOnly StartsOn, DateOnly? EndsOn);
public sealed record AssignmentTypeResponse(Guid Id, string Name, string? Key, string Description, IReadOnlyList<string> Permissions);

/// <summary>
/// The JSON API under /api. It is authorized exactly like the pages — same cookie, same permission
/// attributes, same per-unit checks — and it is read-only for now, so it needs no CSRF token.
/// </summary>
public static class DistriktApi
{
    public static void MapDistriktApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Distrikt");

        api.MapGet("/me", GetMe).WithSummary("Den inloggade personen och hens gällande uppdrag");
        api.MapGet("/units", GetUnits).WithSummary("Enhetsträdet: förbund, distrikt och partiföreningar");
        api.MapGet("/units/{unitId:guid}/assignments", GetUnitAssignments)
            .RequirePermission(Permission.ViewPeople)
            .WithSummary("Uppdrag i en enhet (kräver rätt att se personer i enheten)");
        api.MapGet("/assignment-types", GetAssignmentTypes).WithSummary("Uppdragstyper med arbetsordning och behörigheter");
    }

    private static async Task<Ok<MeResponse>> GetMe(AccessResolver accessResolver, CancellationToken ct)
    {
        var access = await accessResolver.GetAsync(ct);
        var name = access.PersonName;
        var assignments = access.Assignments
            .Select(a => new AssignmentResponse(a.AssignmentId, a.UnitId, a.UnitName, a.TypeName, a.StartsOn, a.EndsOn)).ToList();
        return TypedResults.Ok(new MeResponse(access.UserId!.Value, name, access.IsStrong, assignments));
    }

    private static async Task<Ok<List<UnitResponse>>> GetUnits(DistriktDb db, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking()
            .Select(u => new UnitResponse(u.Id, u.Kind.ToString(), u.Name, u.ParentId, u.Municipalities.Select(m => m.MunicipalityCode).ToList()))
            .ToListAsync(ct);
        units.Sort((a, b) => Infrastructure.Database.SwedishCollation.Comparer.Compare(a.Name, b.Name));
        return TypedResults.Ok(units);
    }

    private static async Task<Results<Ok<List<UnitAssignmentResponse>>, NotFound>> GetUnitAssignments(
        Guid unitId, DistriktDb db, AccessResolver accessResolver, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var unit = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Name }).FirstOrDefaultAsync(ct);
        if (unit is null) return TypedResults.NotFound();
        var rows = await AssignmentQueries.ForUnit(db, unitId)
            .Select(a => new UnitAssignmentResponse(a.Id, a.PersonId, a.Person!.FirstName + " " + a.Person.LastName, a.AssignmentType!.Name, a.StartsOn, a.EndsOn))
            .ToListAsync(ct);
        await audit.RecordAsync(await http.AuditActorAsync(accessResolver), AuditAction.View, "Uppdrag", unitId.ToString(), $"API: uppdrag i {unit.Name} ({rows.Count} st)", ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Ok<List<AssignmentTypeResponse>>> GetAssignmentTypes(DistriktDb db, CancellationToken ct)
    {
        var types = await db.Set<AssignmentType>().AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(types
            .OrderBy(t => t.Name, Infrastructure.Database.SwedishCollation.Comparer)
            .Select(t => new AssignmentTypeResponse(t.Id, t.Name, t.Key, t.Description,
                Permissions.All.Where(p => t.Permissions.HasFlag(p.Permission)).Select(p => p.Permission.ToString()).ToList()))
            .ToList());
    }
}
