namespace Vigil.Daemon.Consensus;

/// <summary>
/// Catch-up covers the cluster configuration too: a node is current only once its running comm paths match the
/// configuration version it has applied, so nothing acts (actions, check reports) while this node still beats
/// with — and so judges peers by — an older set of paths.
/// </summary>
internal sealed partial class ReplicatedEngine
{
    private long _configurationVersion = -1;
    private long _pathsVersion = -1;

    /// <summary>The applied configuration version (-1 until the configuration is seeded).</summary>
    public long ConfigurationVersion => Volatile.Read(ref _configurationVersion);

    /// <summary>The configuration version this node's running comm paths match; the host sets it after reconciling them.</summary>
    public long PathsVersion
    {
        get => Volatile.Read(ref _pathsVersion);
        set => Volatile.Write(ref _pathsVersion, value);
    }

    private int _specsSeen;

    /// <summary>The nodes this node knows (file and committed joins); the apply loop adds joined ones.</summary>
    public ClusterMembers? Members { get; init; }

    private bool PathsCurrent => ConfigurationVersion < 0 || PathsVersion == ConfigurationVersion;

    /// <summary>Called in the apply loop, under the state lock, after each entry.</summary>
    private void NoteConfiguration()
    {
        var state = engine.Engine.State;
        Volatile.Write(ref _configurationVersion, state.ConfigurationKnown ? state.ConfigVersion : -1);
        if (Members is not null && state.NodeSpecs.Count != _specsSeen)
        {
            _specsSeen = state.NodeSpecs.Count;
            Members.Learn(state.NodeSpecs.Values);
        }
    }
}
