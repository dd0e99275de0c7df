using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Distrikt.Features.Assignments;
using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Infrastructure.Audit;
using Distrikt.Infrastructure.Reference;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Units;

/// <summary>
/// Units, people and assignment types the unit and assignment tests arrange for themselves. The demo district is
/// shared by every test class (the start page counts its associations), so what a test adds it also takes away.
/// </summary>
public sealed class CreatedData(DistriktFactory factory) : IAsyncDisposable
{
    private readonly List<Guid> _units = [];
    private readonly List<Guid> _types = [];
    private readonly List<Guid> _assignments = [];

    public static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    public void Unit(Guid id) => _units.Add(id);
    public void Type(Guid id) => _types.Add(id);
    public void Assignment(Guid id) => _assignments.Add(id);

    public async Task<Guid> UnitNamedAsync(string name)
    {
        var id = await factory.UnitIdAsync(name);
        Unit(id);
        return id;
    }

    /// <summary>Municipality codes that no association covers yet, outside Uppsala county where the demo lives.</summary>
    public Task<List<string>> FreeMunicipalitiesAsync(int count) => factory.WithDbAsync(async (db, _) =>
    {
        var taken = await db.Set<UnitMunicipality>().Select(m => m.MunicipalityCode).ToListAsync();
        return SwedishGeography.Municipalities.Where(m => m.CountyCode != "03" && !taken.Contains(m.Code))
            .OrderBy(_ => Random.Shared.Next()).Take(count).Select(m => m.Code).ToList();
    });

    public Task<Guid> AssociationAsync(string name, Guid? parentId = null, params string[] codes) => factory.WithDbAsync(async (db, _) =>
    {
        var parent = parentId ?? await db.Set<Unit>().Where(u => u.Kind == UnitKind.District).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync();
        var unit = new Unit { Kind = UnitKind.Association, Name = name, ParentId = parent, Municipalities = codes.Select(c => new UnitMunicipality { MunicipalityCode = c }).ToList() };
        db.Add(unit);
        await db.SaveChangesAsync();
        Unit(unit.Id);
        return unit.Id;
    });

    public Task<Guid> DistrictAsync(string name) => factory.WithDbAsync(async (db, _) =>
    {
        var federation = await db.Set<Unit>().Where(u => u.Kind == UnitKind.Federation).Select(u => u.Id).FirstAsync();
        var unit = new Unit { Kind = UnitKind.District, Name = name, ParentId = federation };
        db.Add(unit);
        await db.SaveChangesAsync();
        Unit(unit.Id);
        return unit.Id;
    });

    /// <summary>A person with a current membership in the unit; returns the person's id.</summary>
    public Task<Guid> MemberAsync(Guid unitId, string firstName, string lastName) => factory.WithDbAsync(async (db, _) =>
    {
        var person = new Person { FirstName = firstName, LastName = lastName };
        db.Add(person);
        db.Add(new Membership { Person = person, UnitId = unitId, StartedOn = DateOnly.FromDateTime(DateTime.Today).AddYears(-1) });
        await db.SaveChangesAsync();
        return person.Id;
    });

    public Task<Guid> AssignAsync(Guid personId, Guid unitId, string typeKeyOrName, DateOnly startsOn, DateOnly? endsOn = null) => factory.WithDbAsync(async (db, _) =>
    {
        var type = await db.Set<AssignmentType>().FirstAsync(t => t.Key == typeKeyOrName || t.Name == typeKeyOrName);
        var a = new Assignment { PersonId = personId, UnitId = unitId, AssignmentTypeId = type.Id, StartsOn = startsOn, EndsOn = endsOn };
        db.Add(a);
        await db.SaveChangesAsync();
        Assignment(a.Id);
        return a.Id;
    });

    public Task<Guid> AssignmentTypeAsync(string name, Distrikt.Infrastructure.Authorization.Permission permissions = default, string description = "") => factory.WithDbAsync(async (db, _) =>
    {
        var type = new AssignmentType { Name = name, Permissions = permissions, Description = description };
        db.Add(type);
        await db.SaveChangesAsync();
        Type(type.Id);
        return type.Id;
    });

    public async ValueTask DisposeAsync()
    {
        await factory.WithDbAsync(async (db, _) =>
        {
            var units = _units.ToList();
            var types = _types.ToList();
            var assignments = _assignments.ToList();
            await db.Set<Assignment>().Where(a => assignments.Contains(a.Id) || units.Contains(a.UnitId) || types.Contains(a.AssignmentTypeId)).ExecuteDeleteAsync();
            await db.Set<Membership>().Where(m => units.Contains(m.UnitId)).ExecuteDeleteAsync();
            await db.Set<UnitMunicipality>().Where(m => units.Contains(m.UnitId)).ExecuteDeleteAsync();
            // Children before parents: the tree's foreign key refuses the other order.
            for (var round = 0; round < 5 && units.Count > 0; round++)
            {
                var parents = await db.Set<Unit>().Where(u => u.ParentId != null && units.Contains(u.ParentId.Value)).Select(u => u.ParentId!.Value).ToListAsync();
                var leaves = units.Where(u => !parents.Contains(u)).ToList();
                await db.Set<Unit>().Where(u => leaves.Contains(u.Id)).ExecuteDeleteAsync();
                units.RemoveAll(leaves.Contains);
            }
            await db.Set<AssignmentType>().Where(t => types.Contains(t.Id)).ExecuteDeleteAsync();
        });
        // Bulk deletes bypass the change tracker, so the app's copy of the unit tree would keep the removed units
        // for up to half a minute and the next test would count them.
        Distrikt.Features.Units.UnitDirectory.Invalidate();
    }
}

public static class UnitTestExtensions
{
    /// <summary>What a browser would send for the form: its fields as they are filled in now, with some values replaced.</summary>
    public static List<KeyValuePair<string, string>> FormValues(this IDocument page, string formSelector, params (string Key, string? Value)[] replace)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"Inget formulär '{formSelector}'.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } name && !input.IsDisabled:
                    if (input.Type is "checkbox" or "radio" ? input.IsChecked : input.Type is not ("submit" or "button"))
                        values.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } name:
                    foreach (var option in select.Options.Where(o => o.IsSelected)) values.Add(new(name, option.Value));
                    if (!select.Options.Any(o => o.IsSelected) && select.Options.Length > 0) values.Add(new(name, select.Options[0]!.Value));
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 } name:
                    values.Add(new(name, area.Value));
                    break;
            }
        }
        foreach (var key in replace.Select(r => r.Key).Distinct()) values.RemoveAll(v => v.Key == key);
        foreach (var (key, value) in replace)
        {
            if (value is not null) values.Add(new(key, value));
        }
        return values;
    }


    public static string Text(this IDocument page, string selector = "main") =>
        System.Text.RegularExpressions.Regex.Replace(page.QuerySelector(selector)?.TextContent ?? "", @"\s+", " ");

    public static DateOnly Today => Distrikt.Infrastructure.Web.SwedishFormat.Today(TimeProvider.System);
}
