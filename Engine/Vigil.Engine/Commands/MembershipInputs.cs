using System.Collections.Immutable;
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

    /// <summary>
    /// <paramref name="Fencer"/> (the quorate leader) ran its fence agent <paramref name="Agent"/> against
    /// <paramref name="Target"/> with <paramref name="Action"/>: <paramref name="Succeeded"/> after
    /// <paramref name="DurationMilliseconds"/>. Journaled for audit; the verdict that follows is a separate
    /// <see cref="DeclareNodeDead"/> (at once after a success, after lease expiry after a failure).
    /// <paramref name="Detail"/> is the agent's exit code or timeout and its last output line, secrets masked.
    /// </summary>
    [EventType("input.fencing.v1")]
    public sealed record ReportFencing(string Fencer, string Target, string Agent, string Action, bool Succeeded, long DurationMilliseconds, string Detail) : ILocalObservation;

    /// <summary>
    /// <paramref name="Node"/> lost quorum and ran its quorum-loss <paramref name="Action"/> (osu, freeze, fastkill) on
    /// <paramref name="Instances"/>: <paramref name="Outcome"/> says what was stopped, frozen or killed and what failed.
    /// </summary>
    [EventType("input.quorum-loss-action.v1")]
    public sealed record ReportQuorumLossAction(string Node, string Action, ImmutableArray<string> Instances, bool Succeeded, long DurationMilliseconds, string Outcome) : ILocalObservation;

    /// <summary>
    /// <paramref name="Node"/> caught up after losing quorum and could not release <paramref name="Tag"/>: the cluster
    /// has it out of service there (it was declared dead meanwhile) but its remove failed (<paramref name="Reason"/>),
    /// so it may still run there. The engine asks for the remove again, through the log.
    /// </summary>
    [EventType("input.release-failed.v1")]
    public sealed record ReportReleaseFailed(string Node, string Tag, string Reason) : IEngineInput;

    /// <summary>
    /// <paramref name="Node"/> removed <paramref name="Tag"/> itself (its quorum-loss action, its catch-up, or its start
    /// after a restart) while the cluster had it out of service there after declaring the node dead: it runs no more
    /// there, so the engine stops counting it as possibly running (<see cref="ReportReleaseFailed"/> is the failure).
    /// </summary>
    [EventType("input.released.v1")]
    public sealed record ReportReleased(string Node, string Tag) : IEngineInput;
}
