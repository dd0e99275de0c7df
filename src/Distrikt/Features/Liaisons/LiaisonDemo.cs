using Distrikt.Features.Demo;
using Distrikt.Infrastructure.Database;

namespace Distrikt.Features.Liaisons;

/// <summary>Demo data of this feature on top of the seeded district.</summary>
public static class LiaisonDemo
{
    public static Task SeedAsync(DistriktDb db, DemoDistrict demo, CancellationToken ct) => Task.CompletedTask;
}
