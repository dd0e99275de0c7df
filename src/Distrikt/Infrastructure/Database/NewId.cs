using Distrikt.Infrastructure.Database;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Distrikt.Infrastructure.Database;

/// <summary>
/// New row ids: version 7 GUIDs (RFC 9562), which sort by creation time and so keep inserts at the end of the
/// primary key's index. Every entity takes its id from here.
/// </summary>
/// <remarks>
/// <see cref="NewId.V7()"/> asks the operating system for random bytes on every call, a system call
/// that costs 1.5 µs on a virtual machine — 0.3 s of a register import that creates 200,000 rows. Here the random
/// bytes come from the same cryptographic generator, fetched 4 KB at a time per thread.
/// </remarks>
public static class NewId
{
    private const int BufferSize = 4096;
    [ThreadStatic] private static byte[]? _random;
    [ThreadStatic] private static int _used;

    public static Guid V7() => V7(DateTimeOffset.UtcNow);

    public static Guid V7(DateTimeOffset timestamp)
    {
        var random = _random;
        if (random is null || _used + 10 > BufferSize)
        {
            random = _random ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(random);
            _used = 0;
        }
        Span<byte> bytes = stackalloc byte[16];
        // 48 bits of Unix milliseconds, then the version, 74 random bits and the variant, all big-endian as the RFC writes them.
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], timestamp.ToUnixTimeMilliseconds() << 16);
        random.AsSpan(_used, 10).CopyTo(bytes[6..]);
        _used += 10;
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
