using Vigil.Engine.State;

namespace Vigil.Engine.Decisions;

/// <summary>The state the deciders read and project into. One per engine; one owner thread.</summary>
public sealed class EngineContext(ClusterState state)
{
    public ClusterState State { get; } = state;
}
