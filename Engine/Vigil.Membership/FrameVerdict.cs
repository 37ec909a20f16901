namespace Vigil.Membership;

/// <summary>What a receiver made of a frame. Everything but <see cref="Accepted"/> is refused (and counted).</summary>
public enum FrameVerdict
{
    Accepted,
    Malformed,
    BadMac,
    OutdatedConfig,
    NewerConfig,
    UnknownSender,
    Replayed,
}
