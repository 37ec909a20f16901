using System.Text.Json.Nodes;
using Vigil.Cli;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;

namespace Vigil.Specs.Lab;

/// <summary>
/// `vigil cluster join` on a real 3-node loopback lab: a fourth vigild started with `[local] join` is added by the
/// leader (Raft voter, replicated node, comm paths on every node), takes over a resource when the nodes that had it
/// crash, and keeps its membership across a restart.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ClusterJoinSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClusterJoin_FourthNode_JoinsRunsPathsTakesOverAndKeepsItsMembershipAcrossARestart()
    {
        await using var lab = LabCluster.Create(3);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var before = await SettledVersionAsync(lab, 3);

        // Joined before its vigild runs: refused naming its raft address, and nothing changes.
        var node4 = lab.PrepareJoiningNode();
        var early = await VigilAsync(lab, "node1", "admin", "cluster", "join", "--config", lab.ConfigPath(node4));
        Assert.True(early.Code == CliApp.Refused, $"join of a node not running: exit {early.Code}: {early.Out}{early.Err}");
        Assert.Contains("unreachable", early.Err, StringComparison.Ordinal);
        Assert.Contains($"raft: no joining vigild answered at 127.0.0.1:{lab.State.Node(node4).RaftPort}", early.Err, StringComparison.Ordinal);
        Assert.Equal(before, (await StatusAsync(lab, "node3"))["configVersion"]!.GetValue<long>());

        await lab.StartAsync(node4);
        var join = await VigilAsync(lab, "node2", "admin", "cluster", "join", "--config", lab.ConfigPath(node4));
        Assert.True(join.Code == CliApp.Ok, $"cluster join: exit {join.Code}: {join.Out}{join.Err}\n{lab.LogTails()}");
        Assert.Contains($"node {node4} joined", join.Out, StringComparison.Ordinal);

        // Every node, node4 included, lists node4 alive, runs its paths to it ALIVE and is at the new version.
        await SettledVersionAsync(lab, 4);
        foreach (var n in lab.Nodes)
        {
            var status = await StatusAsync(lab, n);
            Assert.Equal(before + 1, status["configVersion"]!.GetValue<long>());
            Assert.Contains(status["nodes"]!.AsArray(), x => x!["name"]!.GetValue<string>() == node4 && x["alive"]?.GetValue<bool>() == true);
        }

        // A second join of the same name is refused naming the field and value, and changes nothing.
        var again = await VigilAsync(lab, "node1", "admin", "cluster", "join", "--config", lab.ConfigPath(node4));
        Assert.Equal(CliApp.Refused, again.Code);
        Assert.Contains($"name: '{node4}'", again.Err, StringComparison.Ordinal);

        // A resource extended to node4 comes up there when the nodes that had it crash.
        await lab.CreateGenAppAsync("app", "node1");
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("app", node4, 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("app", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node1") is not null), Deadline), "app never ran on node1");
        lab.Crash("node1");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", node4) is not null), Deadline),
            $"app never came up on {node4} after node1 crashed\n{lab.LogTails()}");

        // node4 restarted: it is still a voting member (its persisted membership), not a node waiting to join again.
        lab.Stop(node4);
        var restartAt = (await lab.ReadJournalAsync(node4)).Count;
        await lab.StartAsync(node4);
        Assert.True(await Poll.UntilAsync(async () => (await PathsAsync(lab, node4)).Count(p => p.State == "ALIVE") == 6, Deadline),
            $"{node4}'s paths to node2 and node3 never came back ALIVE after its restart");
        Assert.DoesNotContain("is joining", lab.Output(node4)[lab.Output(node4).LastIndexOf("vigild starting", StringComparison.Ordinal)..], StringComparison.Ordinal);
        await lab.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance(node4, true));
        Assert.NotNull(await lab.WaitForEventAsync(node4, e => e is NodeEvents.NodeMaintenanceSet { On: true } m && m.Node == node4, Deadline));
        Assert.True((await lab.ReadJournalAsync(node4)).Count > restartAt);
    }

    /// <summary>Waits until every node sees all its (count - 1) × 3 paths ALIVE; returns node1's configuration version.</summary>
    private static async Task<long> SettledVersionAsync(LabCluster lab, int count)
    {
        foreach (var n in lab.Nodes)
        {
            Assert.True(await Poll.UntilAsync(async () => (await PathsAsync(lab, n)).Count(p => p.State == "ALIVE") == (count - 1) * 3, Deadline),
                $"{n} never saw its {(count - 1) * 3} paths ALIVE: {string.Join(", ", await PathsAsync(lab, n))}\n{lab.LogTails()}");
        }

        return (await StatusAsync(lab, lab.Nodes[0]))["configVersion"]!.GetValue<long>();
    }

    private static async Task<JsonNode> StatusAsync(LabCluster lab, string node)
    {
        var (code, output, error) = await VigilAsync(lab, node, "guest", "status", "--json");
        Assert.True(code == CliApp.Ok, $"status on {node}: exit {code}: {error}");
        return JsonNode.Parse(output)!;
    }

    private static async Task<List<(string Peer, string Path, string State)>> PathsAsync(LabCluster lab, string node)
    {
        var (code, output, _) = await VigilAsync(lab, node, "guest", "path", "list", "--json");
        return code != CliApp.Ok ? [] : [.. JsonNode.Parse(output)!.AsArray().Select(p => (p!["peer"]!.GetValue<string>(), p["path"]!.GetValue<string>(), p["state"]!.GetValue<string>()))];
    }

    private static Task<(int Code, string Out, string Err)> VigilAsync(LabCluster lab, string node, string role, params string[] args) =>
        ControlApiLab.VigilAsync([.. args, "--lab", lab.Dir, "--lab-node", node, "--as", role]);
}
