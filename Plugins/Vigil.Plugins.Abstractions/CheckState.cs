namespace Vigil.Plugins.Abstractions;

/// <summary>What a <see cref="KitAction.QuickCheck"/> or <see cref="KitAction.DeepCheck"/> found.</summary>
public enum CheckState
{
    /// <summary>In service and healthy.</summary>
    Healthy,

    /// <summary>Running but failing: local recovery or failover is due.</summary>
    Unhealthy,

    /// <summary>Cleanly stopped (the normal state on a backup node).</summary>
    NotRunning,

    /// <summary>In service but unprotected (ISU): working, with reduced redundancy.</summary>
    Degraded,
}
