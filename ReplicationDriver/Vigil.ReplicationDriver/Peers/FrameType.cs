namespace Vigil.ReplicationDriver.Peers;

/// <summary>Peer protocol frame types (after authentication). See ReplicationDriver/README.md.</summary>
internal enum FrameType : byte
{
    Hello = 1,
    Verdict = 2,
    Write = 3,
    WriteAck = 4,
    Flush = 5,
    FlushAck = 6,
    ResyncData = 7,
    ResyncAck = 8,
    ResyncDone = 9,
    ResyncDoneAck = 10,
    NewGeneration = 11,
    Ping = 12,
    Pong = 13,
    Handover = 14,
    ResyncStart = 15,

    /// <summary>Discard a range (payload: its length, u64 LE); every copy punches the same hole, so copies stay identical.</summary>
    Trim = 16,

    /// <summary>Compare one chunk (offset = its start; payload: the primary's SHA-256 of it), in write order.</summary>
    VerifyRequest = 17,

    /// <summary>The answer to <see cref="VerifyRequest"/> (same id and offset; flag 1 = the chunks differ).</summary>
    VerifyReply = 18,

    /// <summary>The primary pauses this link: the target's copy falls behind from here on and turns outdated (never promoted until resynced).</summary>
    Paused = 19,
}
