using Distrikt.Infrastructure.Database;

namespace Distrikt.Tests.Infrastructure.Database;

public sealed class NewIdTests
{
    [Fact]
    public void Ids_are_version_7_with_the_creation_time_in_front_and_never_repeat()
    {
        var at = new DateTimeOffset(2026, 11, 24, 10, 30, 0, 123, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 20_000).Select(_ => NewId.V7(at)).ToList();
        Assert.All(ids.Take(50), id =>
        {
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
            // The first 48 bits are the Unix time in milliseconds, as RFC 9562 lays them out.
            Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(id.ToString("N")[..12], 16));
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_later_id_sorts_after_an_earlier_one()
    {
        var earlier = NewId.V7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = NewId.V7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero));
        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
        Assert.True(earlier.CompareTo(later) < 0);
    }
}
