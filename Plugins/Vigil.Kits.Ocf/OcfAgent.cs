using System.Globalization;
using Vigil.Kits.Shared;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>One agent (provider:type under OCF_ROOT) and how to call it the way Pacemaker's executor does.</summary>
internal sealed record OcfAgent(string OcfRoot, string Provider, string Type)
{
    public string Path => System.IO.Path.Combine(OcfRoot, "resource.d", Provider, Type);

    public string Name => $"ocf:{Provider}:{Type}";

    public static OcfAgent From(IReadOnlyDictionary<string, string> parameters)
    {
        var agent = parameters.GetValueOrDefault(OcfDefinition.Agent) ?? throw new ArgumentException("parameter 'agent' is required");
        var parts = agent.Split(':');
        parts = parts.Length == 3 && parts[0] == "ocf" ? parts[1..] : parts;
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Contains('/', StringComparison.Ordinal) || p == ".."))
        {
            throw new ArgumentException($"parameter 'agent': '{agent}' is not provider:type (e.g. heartbeat:Dummy)");
        }

        return new OcfAgent(parameters.GetValueOrDefault(OcfDefinition.OcfRoot) ?? "/usr/lib/ocf", parts[0], parts[1]);
    }

    public string? InstallProblem() =>
        !File.Exists(Path) ? $"OCF agent {Name} is not installed ({Path} does not exist)"
        : (File.GetUnixFileMode(Path) & UnixFileMode.UserExecute) == 0 ? $"OCF agent {Path} is not executable"
        : null;

    public Task<ScriptResult> RunAsync(string ocfAction, ActionContext context, int checkLevel, CancellationToken token)
    {
        var rscTmp = context.Parameters.GetValueOrDefault(OcfDefinition.RscTmp) ?? "/run/resource-agents";
        Directory.CreateDirectory(rscTmp);
        var interval = ocfAction == "monitor" ? context.Parameters.GetValueOrDefault(OcfDefinition.MonitorInterval) ?? "0" : "0";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OCF_ROOT"] = OcfRoot,
            ["OCF_FUNCTIONS_DIR"] = System.IO.Path.Combine(OcfRoot, "lib", "heartbeat"),
            ["OCF_RA_VERSION_MAJOR"] = "1",
            ["OCF_RA_VERSION_MINOR"] = "1",
            ["OCF_RESOURCE_INSTANCE"] = context.Tag,
            ["OCF_RESOURCE_TYPE"] = Type,
            ["OCF_RESOURCE_PROVIDER"] = Provider,
            ["OCF_CHECK_LEVEL"] = checkLevel.ToString(CultureInfo.InvariantCulture),
            ["HA_RSCTMP"] = rscTmp,
            ["OCF_RESKEY_CRM_meta_timeout"] = ((long)context.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["OCF_RESKEY_CRM_meta_interval"] = interval,
            ["OCF_RESKEY_CRM_meta_name"] = ocfAction,
            ["OCF_RESKEY_CRM_meta_on_node"] = context.Node,
            ["OCF_RESKEY_CRM_meta_on_node_uuid"] = context.Node,
            ["OCF_RESKEY_CRM_meta_globally_unique"] = "false",
            // What Pacemaker's executor also sets and ocf-shellfuncs reads (logging, feature level, directories).
            ["OCF_RESKEY_crm_feature_set"] = "3.16.2",
            ["HA_LOGFACILITY"] = "daemon",
            ["HA_LOGTAG"] = $"vigil-ocf[{context.Tag}]",
            ["HA_debug"] = "0",
            ["HA_DEBUG"] = "0",
            ["HA_SBIN_DIR"] = "/usr/sbin",
            ["HA_VARRUN"] = "/var/run",
            ["PATH"] = PacemakerShims.Directory + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin"),
        };
        foreach (var (name, value) in context.Parameters.Where(p => !OcfDefinition.IsOwn(p.Key)))
        {
            environment["OCF_RESKEY_" + name] = value;
        }

        return ScriptRunner.RunAsync(new ScriptInvocation(Path, [ocfAction], environment) { TailCharacters = 4096 }, token);
    }
}
