using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// A target's acknowledgements, coalesced: frames already received are applied and acknowledged in one
/// send when the receive buffer runs dry (or 64 acks are pending, or before an fdatasync). At queue depth 1
/// that is one ack per frame, exactly as before; under pipelining it saves a syscall per write.
/// </summary>
internal sealed class AckBatch(PeerConnection connection)
{
    private const int Capacity = 64;
    private readonly byte[] frames = new byte[Capacity * FrameHeader.Size];
    private int count;

    public void Add(FrameType type, ulong id)
    {
        new FrameHeader(type, 0, 0, id, 0).WriteTo(this.frames.AsSpan(this.count * FrameHeader.Size));
        if (++this.count == Capacity)
        {
            this.Flush();
        }
    }

    public void Flush()
    {
        if (this.count > 0)
        {
            connection.SendRaw(this.frames.AsSpan(0, this.count * FrameHeader.Size));
            this.count = 0;
        }
    }
}
