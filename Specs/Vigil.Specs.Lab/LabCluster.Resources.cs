using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Vigil.Cli.Lab;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>Resources in the lab: configuration through the nodes' proposal relays (as the cluster certificate's holder), and ground truth from the nodes.</summary>
internal sealed partial class LabCluster
{
    private RelayClient? _relay;

    /// <summary>Where the sample application of a GenApp resource keeps its pid file: one directory per node.</summary>
    public string GenAppStateDir => Path.Combine(Dir, "genapp");

    /// <summary>Proposes an input through whichever node leads, and fails the spec if no leader commits it within 30 s.</summary>
    public async Task SubmitAsync(IEngineInput input)
    {
        if (_relay is null)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(Dir, "cluster.pfx"), password: null);
            var network = new LabNetwork(_state.LabId);
            _relay = new RelayClient(
                new ConsensusTlsOptions { Certificate = certificate, ClusterAuthority = certificate },
                _state.Namespaces ? (ep, ct) => NamespaceSocket.ConnectAsync(network.Namespace(NodeAt(ep)), ep, ct) : null);
        }

        Assert.True(await _relay.SubmitAsync(Relays(), input, TimeSpan.FromSeconds(30)), $"no leader committed {input}");
    }

    /// <summary>Creates a GenApp resource running <c>sleep</c> from the shipped bash templates.</summary>
    public Task CreateGenAppAsync(string tag, string node)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        var parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["restore"] = Path.Combine(templates, "restore"),
            ["remove"] = Path.Combine(templates, "remove"),
            ["quickCheck"] = Path.Combine(templates, "quickCheck"),
            ["recover"] = Path.Combine(templates, "recover"),
            ["command"] = "sleep 100000",
            ["state_dir"] = GenAppStateDir,
        });
        return SubmitAsync(new ConfigurationCommands.CreateResource(tag, "genapp", node, parameters, SwitchbackMode.Intelligent));
    }

    /// <summary>Ground truth: the pid of <paramref name="tag"/>'s application on <paramref name="node"/> if it runs, else null.</summary>
    public int? RunningPid(string tag, string node)
    {
        var pidFile = Path.Combine(GenAppStateDir, node, tag + ".pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z" ? pid : null;
        }
        catch (IOException)
        {
            return null; // gone (or never there)
        }
    }

    /// <summary>Waits until every member node has registered its kits' types with the cluster.</summary>
    public async Task WaitForKitsAsync()
    {
        var members = _state.Nodes.Where(n => !n.Witness).Select(n => n.Name).ToHashSet();
        Assert.True(
            await Poll.UntilAsync(
                async () => (await ReadJournalAsync(Nodes[0])).Select(e => e.Envelope.Data).OfType<NodeEvents.ResourceTypesRegistered>().Select(r => r.Node).ToHashSet().IsSupersetOf(members),
                TimeSpan.FromSeconds(60)),
            "not every node registered its kits");
    }

    private List<IPEndPoint> Relays() =>
    [
        .. _state.Nodes.Where(n => n.Pid is not null).Select(n => new IPEndPoint(
            IPAddress.Parse(_state.Namespaces ? LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat2, n.Name) : "127.0.0.1"), n.RelayPort)),
    ];

    private string NodeAt(IPEndPoint ep) =>
        _state.Nodes.First(n => n.RelayPort == ep.Port && (!_state.Namespaces || LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat2, n.Name) == ep.Address.ToString())).Name;
}
