using Distrikt.Infrastructure.Authorization;

namespace Distrikt.Infrastructure.Audit;

public static class AuditActorExtensions
{
    /// <summary>The signed-in person as the audit log names them, with the address the request came from.</summary>
    public static async Task<AuditActor> AuditActorAsync(this HttpContext http, AccessResolver accessResolver)
    {
        var access = await accessResolver.GetAsync(http.RequestAborted);
        return new AuditActor(access.UserId, access.PersonName, http.Connection.RemoteIpAddress?.ToString());
    }
}
