using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Database;

namespace Distrikt.Features.CallLists;

/// <summary>Demo data of this feature on top of the seeded district.</summary>
public static class CallListDemo
{
    public static Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct) => Task.CompletedTask;
}
