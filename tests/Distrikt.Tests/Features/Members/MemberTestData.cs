using System.Text;
using AngleSharp.Dom;
using Distrikt.Features.People;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.Members;

/// <summary>
/// Associations and people the member list tests arrange for themselves, removed afterwards: the demo district
/// is shared by every test class, and its start page counts members.
/// </summary>
public sealed class MemberTestData(DistriktFactory factory) : IAsyncDisposable
{
    private readonly List<Guid> _people = [];

    public CreatedData Units { get; } = new(factory);

    public static DateOnly Today => UnitTestExtensions.Today;

    /// <summary>A new association in the demo district, without municipalities.</summary>
    public Task<Guid> AssociationAsync(string name = "Vänsterpartiet Medlemstest") => Units.AssociationAsync(CreatedData.Unique(name));

    /// <summary>A person with one membership in the unit (current since a year unless changed), and the given tags.</summary>
    public Task<Guid> PersonAsync(Guid unitId, string firstName, string lastName, Action<Person>? person = null, Action<Membership>? membership = null,
        params string[] tags) => factory.WithDbAsync(async (db, _) =>
    {
        var p = new Person { FirstName = firstName, LastName = lastName };
        person?.Invoke(p);
        var m = new Membership { Person = p, UnitId = unitId, StartedOn = Today.AddYears(-1) };
        membership?.Invoke(m);
        db.Add(p);
        db.Add(m);
        foreach (var tag in tags) db.Add(new PersonTag { PersonId = p.Id, Name = tag });
        await db.SaveChangesAsync();
        _people.Add(p.Id);
        return p.Id;
    });

    public Task AddMembershipAsync(Guid personId, Guid unitId, DateOnly startedOn, DateOnly? endedOn = null) => factory.WithDbAsync(async (db, _) =>
    {
        db.Add(new Membership { PersonId = personId, UnitId = unitId, StartedOn = startedOn, EndedOn = endedOn });
        await db.SaveChangesAsync();
    });

    public async ValueTask DisposeAsync()
    {
        var people = _people.ToList();
        await factory.WithDbAsync((db, _) => db.Set<Person>().Where(p => people.Contains(p.Id)).ExecuteDeleteAsync());
        await Units.DisposeAsync();
    }
}

public static class MemberListPage
{
    /// <summary>The names in the list as shown ("Efternamn, Förnamn"), in order.</summary>
    public static List<string> Names(this IDocument page) =>
        page.QuerySelectorAll("table.member-table tbody th.member-name a").Select(a => a.TextContent.Trim()).ToList();

    /// <summary>The number of people on all pages, as the page says it ("1 234 personer").</summary>
    public static string Count(this IDocument page) => page.QuerySelector(".result-count strong")!.TextContent.Trim();

    /// <summary>A semicolon-separated file with quoted cells, as the export writes it.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ';') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString()); cell.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
