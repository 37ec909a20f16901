namespace Vigil.Engine.Model;

/// <summary>What a periodic quickCheck or deepCheck found about an in-service instance.</summary>
public enum CheckVerdict
{
    /// <summary>Running and protected (ISP).</summary>
    Healthy,

    /// <summary>Running but needing attention (ISU), e.g. a file system over its usage threshold.</summary>
    Degraded,

    /// <summary>Not running or broken: recover in place, then fail the hierarchy over.</summary>
    Failed,
}
