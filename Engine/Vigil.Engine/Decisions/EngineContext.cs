using Vigil.Engine.State;

namespace Vigil.Engine.Decisions;

/// <summary>The state the deciders read and project into. One per engine (a DI scope); one owner thread.</summary>
public sealed class EngineContext
{
    public ClusterState State { get; internal set; } = new();
}
