namespace Vigil.Engine.Model;

/// <summary>The LifeKeeper states of one resource instance (a resource on one node), plus the transient ones.</summary>
public enum InstanceState
{
    /// <summary>Not initialised.</summary>
    IllState = 0,

    /// <summary>Out of service, unimpaired: normal on a backup.</summary>
    Osu,

    /// <summary>Out of service, failed.</summary>
    Osf,

    /// <summary>In service, protected.</summary>
    Isp,

    /// <summary>In service, unprotected (degraded: running, but a check says it needs attention).</summary>
    Isu,

    /// <summary>A restore is running.</summary>
    Restoring,

    /// <summary>A remove is running.</summary>
    Removing,

    /// <summary>A local recovery is running.</summary>
    Recovering,
}
