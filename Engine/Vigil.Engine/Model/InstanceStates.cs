namespace Vigil.Engine.Model;

/// <summary>Groupings of <see cref="InstanceState"/> the policy reasons about.</summary>
public static class InstanceStates
{
    /// <summary>Running (or being made to run) on its node: what must never hold on two nodes at once.</summary>
    public static bool IsActive(this InstanceState s) =>
        s is InstanceState.Isp or InstanceState.Isu or InstanceState.Restoring or InstanceState.Removing or InstanceState.Recovering;

    public static bool IsInService(this InstanceState s) => s is InstanceState.Isp or InstanceState.Isu;

    public static bool IsTransient(this InstanceState s) =>
        s is InstanceState.Restoring or InstanceState.Removing or InstanceState.Recovering;

    public static string Label(this InstanceState s) => s switch
    {
        InstanceState.IllState => "ILLSTATE",
        InstanceState.Osu => "OSU",
        InstanceState.Osf => "OSF",
        InstanceState.Isp => "ISP",
        InstanceState.Isu => "ISU",
        InstanceState.Restoring => "RESTORING",
        InstanceState.Removing => "REMOVING",
        InstanceState.Recovering => "RECOVERING",
        _ => s.ToString(),
    };
}
