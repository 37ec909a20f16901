using System.Security.Cryptography;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

public sealed class HeartbeatCodecSpecs
{
    private static readonly ClusterKey Key = new(RandomNumberGenerator.GetBytes(32));

    private static byte[] Encode(HeartbeatFrame frame, ClusterKey? key = null)
    {
        var buffer = new byte[HeartbeatCodec.FrameSize];
        HeartbeatCodec.Write(buffer, frame, key ?? Key);
        return buffer;
    }

    [Fact]
    public void TryRead_FrameWrittenWithTheClusterKey_RoundTrips()
    {
        var frame = new HeartbeatFrame(7, 2, 11, 12345, 1);

        Assert.Equal(FrameVerdict.Accepted, HeartbeatCodec.TryRead(Encode(frame), Key, out var read));
        Assert.Equal(frame, read);
    }

    [Fact]
    public void TryRead_WrongKey_RefusedAsBadMac()
    {
        var forged = Encode(new HeartbeatFrame(7, 2, 11, 1, 1), ClusterKey.Generate());

        Assert.Equal(FrameVerdict.BadMac, HeartbeatCodec.TryRead(forged, Key, out _));
    }

    [Fact]
    public void TryRead_AnyBitFlipped_Refused()
    {
        var good = Encode(new HeartbeatFrame(7, 2, 11, 1, 1));
        for (var bit = 0; bit < HeartbeatCodec.FrameSize * 8; bit++)
        {
            var copy = (byte[])good.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(FrameVerdict.Accepted, HeartbeatCodec.TryRead(copy, Key, out _));
        }
    }

    [Fact]
    public void TryRead_TruncatedOrGarbage_Malformed()
    {
        Assert.Equal(FrameVerdict.Malformed, HeartbeatCodec.TryRead(new byte[10], Key, out _));
        Assert.Equal(FrameVerdict.Malformed, HeartbeatCodec.TryRead(new byte[HeartbeatCodec.FrameSize], Key, out _));
    }

    [Fact]
    public void Check_ReplayedOrOlderFrame_Refused()
    {
        var guard = new ReplayGuard(7, 3);

        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 1, 5, 10, 0)));
        Assert.Equal(FrameVerdict.Replayed, guard.Check(new HeartbeatFrame(7, 1, 5, 10, 0)));
        Assert.Equal(FrameVerdict.Replayed, guard.Check(new HeartbeatFrame(7, 1, 5, 9, 0)));
        Assert.Equal(FrameVerdict.Replayed, guard.Check(new HeartbeatFrame(7, 1, 4, 99, 0)));
        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 1, 6, 1, 0)));
    }

    [Fact]
    public void Check_OlderSequenceOnAnotherPath_AcceptedBecausePathsAreIndependent()
    {
        var guard = new ReplayGuard(7, 3);

        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 1, 5, 10, 0)));
        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 1, 5, 9, 1)));
    }

    [Fact]
    public void Check_OtherConfigVersionOrUnknownSender_Refused()
    {
        var guard = new ReplayGuard(7, 3);

        Assert.Equal(FrameVerdict.OutdatedConfig, guard.Check(new HeartbeatFrame(6, 1, 1, 1, 0)));
        Assert.Equal(FrameVerdict.NewerConfig, guard.Check(new HeartbeatFrame(8, 1, 1, 1, 0)));
        Assert.Equal(FrameVerdict.UnknownSender, guard.Check(new HeartbeatFrame(7, 3, 1, 1, 0)));
    }

    [Fact]
    public void ClusterKey_ToString_NeverShowsTheKey()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var key = new ClusterKey(bytes);

        Assert.DoesNotContain(Convert.ToHexStringLower(bytes)[..16], key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(bytes)[..16], key.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ClusterKey(new byte[16]));
    }
}
