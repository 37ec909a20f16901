namespace Vigil.Plugins.Abstractions;

/// <summary>The actions a resource type implements (LifeKeeper's vocabulary).</summary>
public enum KitAction
{
    /// <summary>Bring the resource in service; must not disturb an already running instance.</summary>
    Restore,

    /// <summary>Take the resource out of service; succeeds on a resource already stopped.</summary>
    Remove,

    /// <summary>A cheap health check, run frequently.</summary>
    QuickCheck,

    /// <summary>A thorough health check, run less frequently.</summary>
    DeepCheck,

    /// <summary>Local recovery in place after a failed check.</summary>
    Recover,

    /// <summary>Check the resource's parameters and environment without changing anything.</summary>
    Validate,

    /// <summary>Whether the resource can be extended to this node (a backup).</summary>
    CanExtend,
}
