namespace Vigil.Engine.Simulation;

/// <summary>A simulated server: up or crashed, the resources actually running on it, what it last heard from whom.</summary>
public sealed class SimulatedNode(string name)
{
    public string Name { get; } = name;

    public bool Up { get; internal set; } = true;

    /// <summary>Bumped on every crash, so beats and kit results from before a crash are recognised as stale.</summary>
    public int Incarnation { get; internal set; }

    /// <summary>Ground truth: resources whose processes really run here now.</summary>
    public SortedSet<string> Running { get; } = new(StringComparer.Ordinal);

    /// <summary>Last beat heard from (peer, path).</summary>
    internal Dictionary<(string Peer, string Path), DateTimeOffset> LastHeard { get; } = [];
}
