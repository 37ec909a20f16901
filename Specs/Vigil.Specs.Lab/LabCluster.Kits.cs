using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>The core kits in the namespace lab: their resources, and the network as the nodes and the client see it.</summary>
internal sealed partial class LabCluster
{
    /// <summary>A namespace lab of <paramref name="members"/> members and a witness (quorum survives one crash), some members on the routed second subnet.</summary>
    public static LabCluster CreateNamespaced(int members, params string[] subnet2)
    {
        Assert.True(Shell.IsRoot, "the lab kit specs need root (CI runs as root); run scripts/test.sh as root");
        var dir = Path.Combine(Directory.CreateTempSubdirectory("vigil-lab-").FullName, "lab");
        var controller = new LabController(dir);
        return new LabCluster(controller, controller.Create(members, "default", "udp, tcp, disk", namespaces: true, subnet2: subnet2, witness: true));
    }

    public LabNetwork Network => new(_state.LabId);

    public string Namespace(string node) => Network.Namespace(node);

    public string ClientNamespace => Network.Client;

    public string SwitchNamespace => Network.Switch;

    public Task CreateResourceAsync(string tag, string type, string node, IDictionary<string, string> parameters) =>
        SubmitAsync(new ConfigurationCommands.CreateResource(tag, type, node, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, parameters), SwitchbackMode.Intelligent));

    /// <summary>A GenApp resource running <paramref name="command"/> (split on spaces) through the shipped bash templates.</summary>
    public Task CreateGenAppAsync(string tag, string node, string command)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        return CreateResourceAsync(tag, "genapp", node, new Dictionary<string, string>
        {
            ["restore"] = Path.Combine(templates, "restore"),
            ["remove"] = Path.Combine(templates, "remove"),
            ["quickCheck"] = Path.Combine(templates, "quickCheck"),
            ["recover"] = Path.Combine(templates, "recover"),
            ["command"] = command,
            ["state_dir"] = GenAppStateDir,
        });
    }

    /// <summary>Writes an executable script into the lab directory (what a GenApp resource runs).</summary>
    public string WriteScript(string name, string body)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    /// <summary>The last lines of every node's log that are vigild's own (not the Raft library's retries), for failure messages.</summary>
    public string LogTails(int lines = 15) => string.Join("\n", Nodes.Select(n => $"--- {n}:\n" + string.Join("\n",
        Output(n).Split('\n').Where(l => !l.Contains("DotNext", StringComparison.Ordinal)).TakeLast(lines).Select(l => l.Length > 400 ? l[..400] : l))));

    /// <summary>
    /// Waits until the operation that brought a hierarchy up on <paramref name="node"/> is committed as completed. A
    /// spec crashes a node only then: crashing it between an action's success and the commit of its report is a
    /// different case (the engine must fail the pending action over), not what these specs measure.
    /// </summary>
    public async Task WaitForOperationCompletedAsync(string node) =>
        Assert.True(
            await WaitForEventAsync(node, e => e is Vigil.Engine.Events.OperationEvents.OperationCompleted c && c.Node == node, TimeSpan.FromSeconds(15)) is not null,
            $"no operation completed on {node}; logs:\n{LogTails()}");

    /// <summary>A NIC's MAC address inside a node's namespace, lower case.</summary>
    public string Mac(string node, string nic) =>
        Regex.Match(Netns.Check(Namespace(node), "ip", "-o", "link", "show", nic), "link/ether ([0-9a-f:]{17})").Groups[1].Value;

    /// <summary>The MAC the client's neighbour table holds for <paramref name="address"/>, or null.</summary>
    public string? ClientNeighbour(string address) =>
        Regex.Match(Netns.Check(ClientNamespace, "ip", "neigh", "show", address, "dev", "pub0"), "lladdr ([0-9a-f:]{17})") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Which of a node's NICs holds <paramref name="address"/> (ground truth from its namespace), or null.</summary>
    public string? HoldingNic(string node, string address) =>
        Netns.Check(Namespace(node), "ip", "-o", "-4", "addr", "show").Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length > 3 && f[3].StartsWith(address + "/", StringComparison.Ordinal))?[1];
}
