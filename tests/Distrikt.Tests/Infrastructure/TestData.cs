using Distrikt.Features.Accounts;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Infrastructure;

/// <summary>Arranges data straight in the database, the way a test's "given" should: quickly and visibly.</summary>
public static class TestData
{
    /// <summary>The audit entries about a subject (every subject of the type when <paramref name="subjectId"/> is null), oldest first.</summary>
    public static Task<List<Distrikt.Infrastructure.Audit.AuditEntry>> AuditEntriesAsync(this DistriktFactory factory, string subjectType, string? subjectId) =>
        factory.WithDbAsync((db, _) => db.AuditLog.AsNoTracking()
            .Where(e => e.SubjectType == subjectType && (subjectId == null || e.SubjectId == subjectId))
            .OrderBy(e => e.Sequence).ToListAsync());

    public static Task<Guid> UnitIdAsync(this DistriktFactory factory, string name) =>
        factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    public static Task<Guid> DistrictIdAsync(this DistriktFactory factory) =>
        factory.WithDbAsync((db, _) => db.Set<Unit>().Where(u => u.Kind == UnitKind.District).Select(u => u.Id).FirstAsync());

    /// <summary>A new person with an account and, optionally, one assignment. Returns the account's e-mail address.</summary>
    public static Task<string> PersonWithAccountAsync(this DistriktFactory factory, string? unitName = null, string? typeKey = null,
        DateOnly? starts = null, DateOnly? ends = null, string firstName = "Test", string? lastName = null) =>
        factory.WithDbAsync(async (db, sp) =>
        {
            var email = $"test-{Guid.NewGuid():N}@prov.test";
            var person = new Person { FirstName = firstName, LastName = lastName ?? "Testsson", Email = email };
            db.Add(person);
            if (unitName is not null && typeKey is not null)
            {
                var unit = await db.Set<Unit>().SingleAsync(u => u.Name == unitName);
                var type = await db.Set<AssignmentType>().SingleAsync(t => t.Key == typeKey);
                var today = DateOnly.FromDateTime(DateTime.Today);
                db.Add(new Assignment { Person = person, UnitId = unit.Id, AssignmentTypeId = type.Id, StartsOn = starts ?? today.AddDays(-10), EndsOn = ends });
            }
            await db.SaveChangesAsync();
            var users = sp.GetRequiredService<UserManager<User>>();
            var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, PersonId = person.Id });
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return email;
        });
}
