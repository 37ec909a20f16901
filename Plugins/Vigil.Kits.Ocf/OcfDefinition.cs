using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>The <c>ocf</c> type's own parameters; every other parameter becomes OCF_RESKEY_&lt;name&gt;.</summary>
internal static class OcfDefinition
{
    public const string Agent = "agent";
    public const string OcfRoot = "ocfRoot";
    public const string RscTmp = "rscTmp";
    public const string MonitorInterval = "monitorInterval";

    public static readonly ParameterDefinition[] Own =
    [
        new() { Name = Agent, Required = true, Pattern = "(ocf:)?[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+", Description = "the agent as provider:type, e.g. heartbeat:IPaddr2 (ocf: prefix optional)" },
        new() { Name = OcfRoot, Type = ParameterType.Path, Default = "/usr/lib/ocf", Description = "OCF_ROOT" },
        new() { Name = RscTmp, Type = ParameterType.Path, Default = "/run/resource-agents", Description = "HA_RSCTMP: where agents keep their state files" },
        new() { Name = MonitorInterval, Type = ParameterType.Int, Default = "10000", Minimum = 0, Description = "OCF_RESKEY_CRM_meta_interval (ms) passed to quickCheck/deepCheck monitors; 0 makes them probes" },
    ];

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "ocf",
        Description = "OCF resource agent run unchanged (start/stop/monitor/validate-all/meta-data). " +
                      "Parameters other than agent/ocfRoot/rscTmp/monitorInterval become OCF_RESKEY_<name>.",
        Parameters = Own,
        AllowsUnknownParameters = true,
    };

    public static bool IsOwn(string name) => Own.Any(p => p.Name == name);
}
