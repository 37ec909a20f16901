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
}
