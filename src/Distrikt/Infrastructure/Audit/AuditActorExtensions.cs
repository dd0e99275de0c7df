using Distrikt.Infrastructure.Authorization;
using Distrikt.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Distrikt.Infrastructure.Audit;

public static class AuditActorExtensions
{
    /// <summary>The signed-in person as the audit log names them, with the address the request came from.</summary>
    public static async Task<AuditActor> AuditActorAsync(this HttpContext http, AccessResolver accessResolver, DistriktDb db)
    {
        var access = await accessResolver.GetAsync(http.RequestAborted);
        var name = access.PersonId is { } pid
            ? await db.Set<Features.People.Person>().AsNoTracking().Where(p => p.Id == pid)
                .Select(p => p.FirstName + " " + p.LastName).FirstOrDefaultAsync(http.RequestAborted)
            : null;
        return new AuditActor(access.UserId, name, http.Connection.RemoteIpAddress?.ToString());
    }
}
