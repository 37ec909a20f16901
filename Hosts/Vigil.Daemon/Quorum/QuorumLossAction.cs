namespace Vigil.Daemon.Quorum;

/// <summary><c>[cluster] quorum-loss</c>: what a node does with its resources when its lease lapses.</summary>
internal enum QuorumLossAction
{
    /// <summary>The default: runs remove on every locally active instance, parents first (LifeKeeper's "osu").</summary>
    Osu,

    /// <summary>Leaves everything running but stops checking and recovering it until the cluster says what it owns.</summary>
    Freeze,

    /// <summary>SIGKILLs every other process in vigild's own cgroup (the resources' applications), then removes.</summary>
    Fastkill,
}
