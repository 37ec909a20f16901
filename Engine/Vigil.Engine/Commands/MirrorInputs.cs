using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Inputs about replicated volumes (vigil-repd mirrors) from the node hosts that supervise them.</summary>
public static class MirrorInputs
{
    /// <summary>
    /// An observation by <paramref name="Observer"/>: its copy of <paramref name="Mirror"/> (or its link to
    /// <paramref name="Peer"/>) entered <paramref name="State"/> (connected, resyncing, mirroring, paused, outdated,
    /// broken, split-brain, suspended, primary, secondary) because of <paramref name="Cause"/>. Journaled for the record.
    /// </summary>
    [EventType("input.mirror-state.v1")]
    public sealed record ReportMirrorState(string Observer, string Mirror, string? Peer, string State, int? Percent, string Cause) : ILocalObservation;

    /// <summary>
    /// <paramref name="Node"/>'s copy of <paramref name="Mirror"/> is behind and may never be promoted until it has resynced:
    /// the primary <paramref name="By"/> asks to go on writing without it (DRBD's fence-peer, through consensus).
    /// </summary>
    [EventType("input.mirror-outdate.v1")]
    public sealed record MarkMirrorCopyOutdated(string Mirror, string Node, string By, string Reason) : IEngineInput;

    /// <summary><paramref name="Node"/>'s copy of <paramref name="Mirror"/> has resynced: the outdated mark is lifted.</summary>
    [EventType("input.mirror-current.v1")]
    public sealed record ClearMirrorCopyOutdated(string Mirror, string Node, string By, string Reason) : IEngineInput;
}
