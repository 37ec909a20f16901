using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Inputs from the membership layer (a quorate partition's verdicts).</summary>
public static class MembershipInputs
{
    /// <summary>Every comm path to <paramref name="Node"/> is dead and a quorate side has fenced it or seen its lease expire.</summary>
    [EventType("input.node-dead.v1")]
    public sealed record DeclareNodeDead(string Node, string Reason) : IEngineInput;

    [EventType("input.node-rejoined.v1")]
    public sealed record ReportNodeRejoined(string Node) : IEngineInput;

    /// <summary>
    /// An observation by <paramref name="Observer"/>: its comm path <paramref name="Path"/> to <paramref name="Peer"/>
    /// went ALIVE or DEAD. Journaled for audit (`vigil why` walks these back); verdicts on nodes are membership's.
    /// </summary>
    [EventType("input.path-state.v1")]
    public sealed record ReportPathState(string Observer, string Peer, string Path, bool Alive, long SilenceMilliseconds) : ILocalObservation;
}
