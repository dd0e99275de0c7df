using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Distrikt.Features.Assignments;
using Distrikt.Features.CallLists;
using Distrikt.Features.People;
using Distrikt.Tests.Features.Members;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Tests.Features.CallLists;

/// <summary>
/// An association of its own with people to call, callers with accounts, and lists — all removed afterwards, lists
/// first (a list holds on to its unit).
/// </summary>
public sealed class CallListTestData(DistriktFactory factory) : IAsyncDisposable
{
    private readonly List<Guid> _units = [];
    private readonly List<AppClient> _clients = [];

    public MemberTestData Members { get; } = new(factory);

    public static DateOnly Today => MemberTestData.Today;

    public async Task<(Guid Id, string Name)> AssociationAsync()
    {
        var name = CreatedData.Unique("Vänsterpartiet Ringtest");
        var id = await Members.Units.AssociationAsync(name);
        _units.Add(id);
        return (id, name);
    }

    /// <summary>A new member (joined ten days ago, so in the new-members queue) with a phone number unless told otherwise.</summary>
    public Task<Guid> NewMemberAsync(Guid unitId, string first, string last, string? phone = "+46701740650", DateOnly? doNotContactSince = null) =>
        Members.PersonAsync(unitId, first, last, p => { p.Phone = phone; p.DoNotContactSince = doNotContactSince; }, m => m.StartedOn = Today.AddDays(-10));

    /// <summary>
    /// A volunteer with the assignment Ringare in the unit and an account, signed in strongly (e-mail link, then a
    /// TOTP code enrolled on the spot) unless <paramref name="strong"/> is false.
    /// </summary>
    public async Task<(AppClient Client, Guid PersonId)> CallerAsync(string unitName, string firstName, bool strong = true)
    {
        var email = await factory.PersonWithAccountAsync(unitName, StandardAssignmentTypes.Caller, firstName: firstName, lastName: "Ringsson");
        var client = new AppClient(factory);
        _clients.Add(client);
        await client.SignInWithLinkAsync(email);
        if (strong)
        {
            var (_, page) = await client.GetPageAsync("/konto/stark-inloggning");
            var key = page.QuerySelector("[data-totp-key]")!.GetAttribute("data-totp-key")!;
            var response = await client.SubmitAsync(page, "main form", [new("code", AppClient.TotpCode(key))]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var personId = await factory.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.PersonId!.Value).SingleAsync());
        return (client, personId);
    }

    /// <summary>A list made straight in the database: the people in the order given, dealt to the callers (none: open to all).</summary>
    public Task<Guid> ListAsync(Guid unitId, IReadOnlyList<Guid> people, IReadOnlyList<Guid> callers, Action<CallList>? change = null, IReadOnlyList<Guid>? dealTo = null) =>
        factory.WithDbAsync(async (db, _) =>
        {
            var list = new CallList { UnitId = unitId, Name = CreatedData.Unique("Testlista"), Purpose = "Hälsa välkommen." };
            change?.Invoke(list);
            list.Callers = callers.Select(c => new CallListCaller { PersonId = c }).ToList();
            list.Entries = CallListRules.Deal(list.Id, people.Select(p => new CallCandidate(p, "", "", "+46701740650", null)).ToList(), dealTo ?? callers);
            db.Add(list);
            await db.SaveChangesAsync();
            return list.Id;
        });

    public Task<List<CallListEntry>> EntriesAsync(Guid listId) =>
        factory.WithDbAsync((db, _) => db.Set<CallListEntry>().AsNoTracking().Where(e => e.CallListId == listId).OrderBy(e => e.Position).ToListAsync());

    public Task<Person> PersonAsync(Guid id) => factory.WithDbAsync((db, _) => db.Set<Person>().AsNoTracking().SingleAsync(p => p.Id == id));

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        var units = _units.ToList();
        await factory.WithDbAsync(async (db, _) =>
        {
            await db.Set<CallList>().Where(l => units.Contains(l.UnitId)).ExecuteDeleteAsync();
            await db.Set<Distrikt.Features.Care.CareStep>().Where(s => units.Contains(s.UnitId)).ExecuteDeleteAsync();
            await db.Set<Distrikt.Features.Recruitment.Prospect>().Where(p => units.Contains(p.UnitId)).ExecuteDeleteAsync();
        });
        await Members.DisposeAsync();
        // The units went by a bulk delete, which the app's unit cache does not notice; the start page counts them.
        Distrikt.Features.Units.UnitDirectory.Invalidate();
    }
}

public static class CallPage
{
    /// <summary>The person the calling page shows (their full name), or null when there is no one left.</summary>
    public static string? PersonName(this IDocument page) => page.QuerySelector("#person-name")?.TextContent.Trim();

    public static Guid? EntryId(this IDocument page) =>
        page.QuerySelector("form.call-form input[name=EntryId]") is IHtmlInputElement input ? Guid.Parse(input.Value) : null;

    /// <summary>Posts the calling form's hidden fields (token, entry, version) with the given values to a handler.</summary>
    public static Task<HttpResponseMessage> PostCallAsync(this AppClient client, IDocument page, Guid listId, string? handler, params (string Key, string Value)[] values)
    {
        var form = (IHtmlFormElement)page.QuerySelector("form.call-form")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => !values.Any(v => v.Key == i.Name)).Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        var url = $"/ringlistor/{listId}/ring" + (handler is null ? "" : "?handler=" + handler);
        return client.Http.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
