using Distrikt.Infrastructure.Web;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Features.Units;

/// <summary>The rules the create and edit forms share for a unit's name.</summary>
public static class UnitForm
{
    public const string NameField = "name";
    public const string ParentField = "parent";

    public static void CheckName(string name, FieldErrors errors)
    {
        if (name.Length == 0) errors.Add(NameField, "Skriv enhetens namn, till exempel Vänsterpartiet Tierp.");
        else if (name.Length > CreateModel.NameMaxLength) errors.Add(NameField, $"Namnet får vara högst {CreateModel.NameMaxLength} tecken.");
    }

    /// <summary>
    /// The name of a sibling that would be confused with <paramref name="name"/> (same letters, any case), if any:
    /// two associations called the same in one district would make every list ambiguous.
    /// </summary>
    public static async Task<string?> SiblingNamedAsync(DistriktDb db, Guid parentId, string name, Guid? exceptUnitId, CancellationToken ct)
    {
        var siblings = await db.Set<Unit>().AsNoTracking()
            .Where(u => u.ParentId == parentId && (exceptUnitId == null || u.Id != exceptUnitId))
            .Select(u => u.Name).ToListAsync(ct);
        return siblings.FirstOrDefault(s => string.Equals(s, name, StringComparison.CurrentCultureIgnoreCase));
    }
}
