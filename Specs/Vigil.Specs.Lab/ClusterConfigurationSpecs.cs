using System.Text.Json.Nodes;
using Vigil.Cli;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;
using static Vigil.Engine.Commands.ClusterConfigurationCommands;

namespace Vigil.Specs.Lab;

/// <summary>
/// Comm paths as replicated configuration on a real 3-node loopback lab: `vigil path add|delete` commit through
/// consensus, every node reconciles its running paths and journals it, roles and validation are enforced, and a node
/// that was down catches up on the changes before it acts.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ClusterConfigurationSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PathDeleteThenAdd_OnThreeNodes_StopsAndRestartsBothEndsWithoutAnyDeath()
    {
        await using var lab = await StartedLabAsync();
        var baseVersion = await SettledVersionAsync(lab);
        // A late starter may be declared dead at start-up: only what follows the first change counts.
        var settledAt = new Dictionary<string, int>();
        foreach (var n in lab.Nodes)
        {
            settledAt[n] = (await lab.ReadJournalAsync(n)).Count;
        }

        // vigil-heartbeat reconfigures in place: a restart would make every path DEAD for a moment.
        var heartbeats = lab.Nodes.ToDictionary(n => n, n => HeartbeatProcessSpecs.HeartbeatPid(HeartbeatProcessSpecs.VigildPid(lab, n)));
        Assert.All(heartbeats, h => Assert.NotNull(h.Value));
        var (code, output, error) = await VigilAsync(lab, "node3", "admin", "path", "delete", "node1", "node2", "--type", "tcp");
        Assert.True(code == CliApp.Ok, $"path delete: exit {code}: {output}{error}");
        await AppliedAsync(lab, "node1", baseVersion + 1, stopped: "tcp to node2");
        await AppliedAsync(lab, "node2", baseVersion + 1, stopped: "tcp to node1");
        Assert.True(await Poll.UntilAsync(async () => !(await PathsAsync(lab, "node1")).Contains(("node2", "tcp", "ALIVE"))
            && (await PathsAsync(lab, "node1")).Contains(("node3", "tcp", "ALIVE")), Deadline), "node1 still runs tcp to node2, or lost tcp to node3");

        var tcp1 = lab.State.Node("node1").TcpPort;
        var tcp2 = lab.State.Node("node2").TcpPort;
        var addedAt = new Dictionary<string, int>();
        foreach (var n in new[] { "node1", "node2" })
        {
            addedAt[n] = (await lab.ReadJournalAsync(n)).Count;
        }

        (code, output, error) = await VigilAsync(lab, "node1", "admin", "path", "add", "node2", "node1", "--type", "tcp", "--addresses", $"127.0.0.1:{tcp2},127.0.0.1:{tcp1}");
        Assert.True(code == CliApp.Ok, $"path add: exit {code}: {output}{error}");
        await AppliedAsync(lab, "node1", baseVersion + 2, started: "tcp to node2");
        await AppliedAsync(lab, "node2", baseVersion + 2, started: "tcp to node1");
        foreach (var (observer, peer) in new[] { ("node1", "node2"), ("node2", "node1") })
        {
            // ALIVE on both ends, journaled after the add: the path really carries beats again.
            Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync(observer)).Skip(addedAt[observer])
                .Any(e => e.Envelope.Data is MembershipInputs.ReportPathState { Path: "tcp", Alive: true } p && p.Peer == peer), Deadline),
                $"{observer} never journaled its re-added tcp path to {peer} ALIVE");
        }

        Assert.True(await Poll.UntilAsync(async () => (await PathsAsync(lab, "node2")).Count(p => p.State == "ALIVE") == 6, Deadline),
            "node2 does not see all six paths ALIVE again");
        foreach (var n in lab.Nodes)
        {
            Assert.DoesNotContain((await lab.ReadJournalAsync(n)).Skip(settledAt[n]).Select(e => e.Envelope.Data), e => e is NodeEvents.NodeDeclaredDead);
            Assert.Equal(baseVersion + 2, (await StatusAsync(lab, n))["configVersion"]!.GetValue<long>());
            Assert.Equal(heartbeats[n], HeartbeatProcessSpecs.HeartbeatPid(HeartbeatProcessSpecs.VigildPid(lab, n)));
        }
    }

    [Fact]
    public async Task PathCommands_RolesAndValidation_AreEnforcedWithCodesNamingTheValue()
    {
        await using var lab = await StartedLabAsync();
        var baseVersion = await SettledVersionAsync(lab);

        var asOperator = await VigilAsync(lab, "node1", "operator", "path", "delete", "node1", "node2", "--type", "tcp");
        var asGuest = await VigilAsync(lab, "node1", "guest", "path", "add", "node1", "node2", "--type", "tcp", "--addresses", "127.0.0.1:1,127.0.0.1:2");
        var unknown = await VigilAsync(lab, "node1", "admin", "path", "add", "node9", "node2", "--type", "tcp", "--addresses", "127.0.0.1:1,127.0.0.1:2");
        var duplicate = await VigilAsync(lab, "node1", "admin", "path", "add", "node1", "node2", "--type", "udp", "--addresses", "127.0.0.1:1,127.0.0.1:2");
        var badAddresses = await VigilAsync(lab, "node1", "admin", "path", "add", "node1", "node2", "--type", "udp", "--addresses", "127.0.0.1:1");
        AssertOk(await VigilAsync(lab, "node1", "admin", "path", "delete", "node1", "node2", "--type", "udp"));
        AssertOk(await VigilAsync(lab, "node1", "admin", "path", "delete", "node1", "node2", "--type", "disk"));
        var last = await VigilAsync(lab, "node2", "admin", "path", "delete", "node2", "node1", "--type", "tcp");

        Assert.Equal(CliApp.Denied, asOperator.Code);
        Assert.Contains("needs the admin role", asOperator.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Denied, asGuest.Code);
        Assert.Equal((CliApp.Refused, true), (unknown.Code, unknown.Err.Contains("unknown-node", StringComparison.Ordinal) && unknown.Err.Contains("node-a: 'node9'", StringComparison.Ordinal)));
        Assert.Equal((CliApp.Refused, true), (duplicate.Code, duplicate.Err.Contains("duplicate-path", StringComparison.Ordinal)));
        Assert.Equal((CliApp.BadInput, true), (badAddresses.Code, badAddresses.Err.Contains("--addresses: '127.0.0.1:1'", StringComparison.Ordinal)));
        Assert.Equal((CliApp.Refused, true), (last.Code, last.Err.Contains("last-path", StringComparison.Ordinal)));
        var (status, body) = await RawCommandAsync(lab, "guest");
        Assert.Equal(403, status);
        Assert.Contains("admin", body, StringComparison.Ordinal);
        Assert.Equal(baseVersion + 2, (await StatusAsync(lab, "node3"))["configVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task NodeDownDuringChanges_OnRestart_CatchesUpOnPathsAndResourcesBeforeActing()
    {
        await using var lab = await StartedLabAsync();
        var baseVersion = await SettledVersionAsync(lab);
        lab.Stop("node3");

        AssertOk(await VigilAsync(lab, "node1", "admin", "path", "delete", "node1", "node3", "--type", "udp"));
        await lab.CreateGenAppAsync("late", "node1");
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("late", "node3", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("late", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("late", "node1") is not null), Deadline), "late never ran on node1");
        var restartAt = (await lab.ReadJournalAsync("node3")).Count;

        await lab.StartAsync("node3");

        var applied = await AppliedAsync(lab, "node3", baseVersion + 1, stopped: "udp to node1");
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node3")).Skip(restartAt)
            .Any(e => e.Envelope.Data is ResourceEvents.ResourceExtended { Tag: "late", Node: "node3" }), Deadline), "node3 never applied the extension it missed");
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var paths = await PathsAsync(lab, "node3");
            return paths.Count == 5 && paths.All(p => p.State == "ALIVE") && !paths.Any(p => p.Peer == "node1" && p.Path == "udp");
        }, Deadline), $"node3's paths never matched the committed set: {string.Join(", ", await PathsAsync(lab, "node3"))}");

        // Nothing node3 did after its restart (kit action results, check reports) came before its paths matched the current configuration.
        var after = (await lab.ReadJournalAsync("node3")).Skip(restartAt).ToList();
        var requested = after.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>().Where(a => a.Node == "node3").Select(a => a.ActionId).ToHashSet();
        var acted = after.Where(e => e.Envelope.Data is KitInputs.ReportCheckResult { Node: "node3" }
            || (e.Envelope.Data is KitInputs.ReportActionResult r && requested.Contains(r.ActionId))).ToList();
        Assert.All(acted, e => Assert.True(e.Position > applied.Position, $"node3 acted ({e.Envelope.Data}) before it caught up on the configuration"));
        Assert.Null(lab.RunningPid("late", "node3"));
        Assert.NotNull(lab.RunningPid("late", "node1"));
    }

    private static async Task<LabCluster> StartedLabAsync()
    {
        var lab = LabCluster.Create(3);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        return lab;
    }

    /// <summary>Waits until the leader seeded the configuration and every node sees every path ALIVE; returns the version.</summary>
    private static async Task<long> SettledVersionAsync(LabCluster lab)
    {
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Envelope.Data is ConfigurationEvents.ConfigurationSeeded), Deadline),
            "the leader never seeded the configuration");
        foreach (var n in lab.Nodes)
        {
            Assert.True(await Poll.UntilAsync(async () => (await PathsAsync(lab, n)).Count(p => p.State == "ALIVE") == 6, Deadline), $"{n} never saw its six paths ALIVE");
        }

        return (await StatusAsync(lab, "node1"))["configVersion"]!.GetValue<long>();
    }

    /// <summary>Waits for <paramref name="node"/> to journal that its comm paths match <paramref name="version"/>, with the given change.</summary>
    private static async Task<RecordedEvent> AppliedAsync(LabCluster lab, string node, long version, string? started = null, string? stopped = null)
    {
        var found = await lab.WaitForEventAsync(node, e => e is ReportCommPathsApplied a && a.ConfigVersion == version
            && (started is null || a.Started.Contains(started)) && (stopped is null || a.Stopped.Contains(stopped)), Deadline);
        Assert.True(found is not null, $"{node} never journaled its comm paths at version {version} (started {started}, stopped {stopped})\n{lab.Output(node)[^Math.Min(3000, lab.Output(node).Length)..]}");
        return found!;
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

    // The exit code alone does not say why a command failed: the assertion carries what the CLI printed.
    private static void AssertOk((int Code, string Out, string Err) result) =>
        Assert.True(result.Code == CliApp.Ok, $"vigil exited {result.Code}: {result.Err}{result.Out}");

    private static Task<(int Code, string Out, string Err)> VigilAsync(LabCluster lab, string node, string role, params string[] args) =>
        ControlApiLab.VigilAsync([.. args, "--lab", lab.Dir, "--lab-node", node, "--as", role]);

    private static async Task<(int Status, string Body)> RawCommandAsync(LabCluster lab, string role)
    {
        using var http = new HttpClient(Vigil.Daemon.ControlApi.PinnedCertificate.Handler(
            Vigil.Daemon.ControlApi.PinnedCertificate.Load(Path.Combine(lab.Dir, "cluster.pfx")), TimeSpan.FromSeconds(5)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://{Cli.Lab.LabController.ApiAddress(lab.State, lab.State.Node("node1"))}/v1/commands/delete-comm-path")
        {
            Content = new StringContent("""{"nodeA":"node1","nodeB":"node2","type":"tcp"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{role}:{Cli.Lab.LabCredentials.Password(lab.Dir, role)}")));
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
