namespace Vigil.ReplicationDriver.Client;

/// <summary>What a node knows about its own copy of a mirror.</summary>
public enum DiskState
{
    /// <summary>Holds the newest data it knows of.</summary>
    UpToDate,

    /// <summary>Consistent but possibly behind (an async target, or a sync target cut off from its primary).</summary>
    Consistent,

    /// <summary>Known to be behind: the primary went on without it. Refuses promotion unless forced.</summary>
    Outdated,

    /// <summary>Being resynced or never synced: not a usable copy. Refuses promotion unless forced.</summary>
    Inconsistent,
}
