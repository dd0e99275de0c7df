using Distrikt.Features.People;
using Distrikt.Features.Units;
using Distrikt.Tests.Features.Units;
using Distrikt.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Distrikt.Tests.Features.Gatherings;

/// <summary>What the gatherings' tests need over and over: members with accounts, and signed-in clients.</summary>
public static class GatheringTestKit
{
    /// <summary>A current member of the association, with an account. Returns (e-mail, person id).</summary>
    public static Task<(string Email, Guid PersonId)> MemberWithAccountAsync(this DistriktFactory factory, string association, string firstName) =>
        factory.WithDbAsync(async (db, sp) =>
        {
            var email = $"traff-{Guid.NewGuid():N}@prov.test";
            var unit = await db.Set<Unit>().SingleAsync(u => u.Name == association);
            var person = new Person { FirstName = firstName, LastName = "Träffsson", Email = email };
            db.Add(person);
            db.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, StartedOn = new DateOnly(2020, 1, 1) });
            await db.SaveChangesAsync();
            var result = await sp.GetRequiredService<UserManager<Distrikt.Features.Accounts.User>>()
                .CreateAsync(new Distrikt.Features.Accounts.User { UserName = email, Email = email, EmailConfirmed = true, PersonId = person.Id });
            Assert.True(result.Succeeded);
            return (email, person.Id);
        });

    /// <summary>
    /// Staff create a gathering in the unit through the form: one evening session on <paramref name="day"/> at an
    /// address, with <paramref name="values"/> added or replacing those. Returns its id.
    /// </summary>
    public static async Task<Guid> CreateGatheringAsync(this AppClient staff, Guid unitId, string title, DateOnly day, params (string Key, string? Value)[] values)
    {
        var (_, form) = await staff.GetPageAsync($"/enheter/{unitId}/traffar/ny");
        (string Key, string? Value)[] defaults =
            [("Form.Title", title), ("Form.Sessions[0].Date", day.ToString("yyyy-MM-dd")), ("Form.Sessions[0].Start", "18:00"),
             ("Form.Sessions[0].End", "20:30"), ("Form.Address", "Storgatan 1, Uppsala")];
        var response = await staff.SubmitAsync(form, "main form",
            form.FormValues("main form", [.. defaults.Where(d => values.All(v => v.Key != d.Key)), .. values]));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    /// <summary>A client signed in as the person: a demo account by its button, anyone else through the e-mail link.</summary>
    public static async Task<AppClient> SignedInAsync(this DistriktFactory factory, string email)
    {
        var client = new AppClient(factory);
        if (email.EndsWith("@demo.distrikt.test", StringComparison.Ordinal)) await client.SignInAsDemoAsync(email);
        else await client.SignInWithLinkAsync(email);
        return client;
    }
}
