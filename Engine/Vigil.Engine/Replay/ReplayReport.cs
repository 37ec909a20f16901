using Vigil.Engine.State;

namespace Vigil.Engine.Replay;

/// <summary>Outcome of a replay: counts, the first divergence (null when every decision matched) and the replayed state.</summary>
public sealed record ReplayReport(long Inputs, long Decisions, ReplayDivergence? Divergence, ClusterState State)
{
    public bool Matches => Divergence is null;
}
