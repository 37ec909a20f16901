using System.Text.Json.Nodes;
using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Lab;

/// <summary>
/// One namespace lab (node1, node2, a witness) with mirroring on and one sync mirror resource <c>vol</c> (16 MiB) in
/// service on node1, node2's copy made by the extension and mirroring, shared by <see cref="MirrorApiSpecs"/>. Every
/// spec leaves the mirror as it found it: node1 primary, node2 mirroring, resync unthrottled.
/// </summary>
public sealed class MirrorApiLab : IAsyncLifetime
{
    public const string Volume = "vol";

    private LabCluster? _lab;
    private MirrorLab? _mirror;

    internal LabCluster Lab => _lab!;

    internal MirrorLab Mirror => _mirror!;

    public async Task InitializeAsync()
    {
        _lab = LabCluster.CreateNamespaced(2);
        _mirror = new MirrorLab(_lab);
        _mirror.Enable();
        foreach (var n in _lab.Nodes)
        {
            await _lab.StartAsync(n);
        }

        await _lab.WaitForKitsAsync();
        await _lab.CreateResourceAsync(Volume, "mirror", "node1", new Dictionary<string, string>
        {
            ["mirror"] = Volume,
            ["nodes"] = "node1,node2",
            ["sizeMiB"] = "16",
            ["mode"] = "sync",
        });
        await _lab.SubmitAsync(new ConfigurationCommands.ExtendResource(Volume, "node2", 2));
        await _lab.SubmitAsync(new OperatorCommands.RestoreResource(Volume, "node1"));
        await InStepAsync();
    }

    public async Task DisposeAsync()
    {
        _mirror?.Dispose();
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until node1 is primary and node2 mirrors it (read from node1's vigil-repd, the ground truth), and no copy is
    /// marked outdated any more (the <c>outdated</c> file vigild keeps from the committed state: the primary lifts a mark
    /// shortly after the copy mirrors again, e.g. the one made while node2's copy did not exist yet).
    /// </summary>
    internal async Task InStepAsync()
    {
        Assert.True(
            await Poll.UntilAsync(async () => await Mirror.StatusAsync("node1", Volume) is { Role: MirrorRole.Primary } s && s.Peers.All(p => p.State == PeerLinkState.Mirroring), TimeSpan.FromSeconds(90)),
            $"node2 does not mirror node1: {await Mirror.StatusAsync("node1", Volume)}; logs:\n{Lab.LogTails()}");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(Lab.Nodes.Take(2).All(n => Marks(n).Length == 0)), TimeSpan.FromSeconds(60)),
            $"a copy stays marked outdated: {Marks("node1")}; logs:\n{Lab.LogTails()}");
    }

    private string Marks(string node)
    {
        var file = Path.Combine(Lab.Dir, "data-" + node, "repd", "outdated");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : string.Empty;
    }

    /// <summary>
    /// Runs `vigil ARGS --lab DIR --lab-node NODE --as ROLE` (in the lab's client namespace, as an operator would). A
    /// connection that could not be made (the client's 5 s connect limit, passed on a machine loaded by other suites)
    /// is tried again, twice: nothing was sent then, and every mirror action here is harmless to repeat.
    /// </summary>
    internal async Task<(int Code, string Out, string Err)> VigilAsync(string node, string role, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await ControlApiLab.VigilAsync([.. args, "--lab", Lab.Dir, "--lab-node", node, "--as", role]);
            if (attempt == 3 || result.Code != Vigil.Cli.CliApp.Unreachable || !result.Err.Contains("cannot reach the control API", StringComparison.Ordinal))
            {
                return result;
            }
        }
    }

    /// <summary><c>vigil mirror status --json</c> through node's API as guest.</summary>
    internal async Task<JsonNode> ClusterStatusAsync(string node = "node1")
    {
        var (code, output, error) = await VigilAsync(node, "guest", "mirror", "status", "--json");
        Assert.True(code == 0, $"mirror status exited {code}: {error}");
        return JsonNode.Parse(output)!;
    }
}
