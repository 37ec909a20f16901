using Vigil.Engine;
using Vigil.Engine.Commands;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// The engine commands the control API exposes and the role each needs. Inputs that only the cluster itself sends
/// (node added, types registered, membership verdicts, kit results) are not here: no user can forge them.
/// </summary>
internal static class ApiCommands
{
    public static readonly IReadOnlyList<ApiCommand> All =
    [
        Of<ConfigurationCommands.CreateResource>(ApiRole.Admin),
        Of<ConfigurationCommands.ExtendResource>(ApiRole.Admin),
        Of<ConfigurationCommands.UnextendResource>(ApiRole.Admin),
        Of<ConfigurationCommands.DeleteResource>(ApiRole.Admin),
        Of<ConfigurationCommands.AddDependency>(ApiRole.Admin),
        Of<ConfigurationCommands.RemoveDependency>(ApiRole.Admin),
        Of<ConfigurationCommands.SetSwitchback>(ApiRole.Admin),
        Of<ClusterConfigurationCommands.AddCommPath>(ApiRole.Admin),
        Of<ClusterConfigurationCommands.DeleteCommPath>(ApiRole.Admin),
        Of<OperatorCommands.RestoreResource>(ApiRole.Operator),
        Of<OperatorCommands.RemoveResource>(ApiRole.Operator),
        Of<OperatorCommands.Switchover>(ApiRole.Operator),
        Of<MaintenanceCommands.SetResourceMaintenance>(ApiRole.Operator),
        Of<MaintenanceCommands.SetNodeMaintenance>(ApiRole.Operator),
        Of<MaintenanceCommands.CleanupResource>(ApiRole.Operator),
    ];

    public static ApiCommand? Find(string route) => All.FirstOrDefault(c => c.Route == route);

    /// <summary>Route = the journal name without <c>command.</c> and the version: <c>command.restore.v1</c> → <c>restore</c>.</summary>
    private static ApiCommand Of<T>(ApiRole role)
        where T : IEngineInput
    {
        var name = EngineEvents.Registry.NameOf(typeof(T));
        var route = name["command.".Length..name.LastIndexOf('.')];
        return new ApiCommand(route, name, role);
    }
}
