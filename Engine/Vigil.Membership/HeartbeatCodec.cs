using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigil.Membership;

/// <summary>
/// Fixed 64-byte heartbeat frames, authenticated with HMAC-SHA256 over the cluster key (truncated to 16 bytes).
/// Layout (big-endian): magic "VGHB" (4) | version (1) | path (1) | sender (2) | config version (8) |
/// incarnation (8) | sequence (8) | reserved (16) | MAC (16). Allocation-free.
/// </summary>
public static class HeartbeatCodec
{
    public const int FrameSize = 64;
    private const int MacOffset = 48;
    private const int MacSize = 16;
    private const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "VGHB"u8;

    public static void Write(Span<byte> buffer, in HeartbeatFrame frame, ClusterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (buffer.Length < FrameSize)
        {
            throw new ArgumentException($"a heartbeat frame needs {FrameSize} bytes", nameof(buffer));
        }

        var b = buffer[..FrameSize];
        Magic.CopyTo(b);
        b[4] = Version;
        b[5] = frame.Path;
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], frame.Sender);
        BinaryPrimitives.WriteInt64BigEndian(b[8..], frame.ConfigVersion);
        BinaryPrimitives.WriteInt64BigEndian(b[16..], frame.Incarnation);
        BinaryPrimitives.WriteInt64BigEndian(b[24..], frame.Sequence);
        b[32..MacOffset].Clear();
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Bytes, b[..MacOffset], mac);
        mac[..MacSize].CopyTo(b[MacOffset..]);
    }

    /// <summary>Parses and authenticates a frame. Only the MAC and the layout are checked here; see <see cref="ReplayGuard"/> for the rest.</summary>
    public static FrameVerdict TryRead(ReadOnlySpan<byte> buffer, ClusterKey key, out HeartbeatFrame frame)
    {
        ArgumentNullException.ThrowIfNull(key);
        frame = default;
        if (buffer.Length != FrameSize || !buffer[..4].SequenceEqual(Magic) || buffer[4] != Version)
        {
            return FrameVerdict.Malformed;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Bytes, buffer[..MacOffset], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacSize], buffer[MacOffset..(MacOffset + MacSize)]))
        {
            return FrameVerdict.BadMac;
        }

        frame = new HeartbeatFrame(
            BinaryPrimitives.ReadInt64BigEndian(buffer[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(buffer[6..]),
            BinaryPrimitives.ReadInt64BigEndian(buffer[16..]),
            BinaryPrimitives.ReadInt64BigEndian(buffer[24..]),
            buffer[5]);
        return FrameVerdict.Accepted;
    }
}
