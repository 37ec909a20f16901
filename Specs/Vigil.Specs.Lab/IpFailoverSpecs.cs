using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The ip kit with real traffic (issue 6): a virtual IP on pub0 (pub1 as backup NIC) under a TCP service that a
/// client in the client namespace uses — the service a GenApp resource running socat bound to the address, so it
/// runs only where the address is. Two members and a witness; each node's kit host acts in its own namespace.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class IpFailoverSpecs
{
    private const string Vip = "10.77.0.50";
    private const string Port = "8080";

    private static async Task<LabCluster> UpWithServiceAsync()
    {
        var lab = LabCluster.CreateNamespaced(2);
        try
        {
            foreach (var n in lab.Nodes)
            {
                await lab.StartAsync(n);
            }

            await lab.WaitForKitsAsync();
            await lab.CreateResourceAsync("vip", "ip", "node1", new Dictionary<string, string>
            {
                ["address"] = Vip + "/24",
                ["interface"] = "pub0",
                ["backupInterfaces"] = "pub1",
            });
            // The service answers each connection with the name of the node serving it.
            var serve = lab.WriteScript("serve.sh", "exec socat TCP-LISTEN:\"$2\",bind=\"$1\",fork,reuseaddr SYSTEM:\"echo $VIGIL_NODE\"");
            await lab.CreateGenAppAsync("svc", "node1", $"{serve} {Vip} {Port}");
            await lab.SubmitAsync(new ConfigurationCommands.AddDependency("svc", "vip"));
            await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("svc", "node2", 2));
            await lab.SubmitAsync(new OperatorCommands.RestoreResource("svc", "node1"));
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(Ask(lab) == "node1"), TimeSpan.FromSeconds(30)),
                $"the service on {Vip} did not answer from node1; logs:\n{lab.LogTails()}");
            await lab.WaitForOperationCompletedAsync("node1");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>One connection from the client to the service: the serving node's name, or null.</summary>
    private static string? Ask(LabCluster lab)
    {
        var (code, output) = Netns.Run(lab.ClientNamespace, TimeSpan.FromSeconds(5), "socat", "-u", $"TCP:{Vip}:{Port},connect-timeout=1", "STDOUT");
        return code == 0 ? output.Trim() : null;
    }

    [Fact]
    public async Task Crash_TheActiveNode_ClientNeighbourMovesToTheBackupsMacAndTheServiceAnswersAgain()
    {
        await using var lab = await UpWithServiceAsync();
        Assert.Equal(lab.Mac("node1", "pub0"), lab.ClientNeighbour(Vip));
        var backup = lab.Mac("node2", "pub0");

        lab.Crash("node1");

        // The client sends nothing meanwhile: only node2's gratuitous ARP can repoint its entry.
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.ClientNeighbour(Vip) == backup), TimeSpan.FromSeconds(30)),
            $"the client's neighbour entry for {Vip} is {lab.ClientNeighbour(Vip)}, not node2's {backup}; logs:\n{lab.LogTails()}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Ask(lab) == "node2"), TimeSpan.FromSeconds(15)), "the service did not answer from node2");
        Assert.Equal("pub0", lab.HoldingNic("node2", Vip));
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, Target: "node2" });
    }

    [Fact]
    public async Task LinkDown_UnderTheAddress_MovesItToTheBackupNicOnTheSameNodeWithoutFailover()
    {
        await using var lab = await UpWithServiceAsync();

        Netns.Check(lab.Namespace("node1"), "ip", "link", "set", "pub0", "down");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.HoldingNic("node1", Vip) == "pub1"), TimeSpan.FromSeconds(20)),
            $"{Vip} did not move to node1's pub1 (it is on {lab.HoldingNic("node1", Vip) ?? "no NIC"}); logs:\n{lab.LogTails()}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Ask(lab) == "node1"), TimeSpan.FromSeconds(10)), "the service did not answer from node1 through pub1");
        Assert.Equal(lab.Mac("node1", "pub1"), lab.ClientNeighbour(Vip));
        Assert.Null(lab.HoldingNic("node2", Vip));
        var journal = (await lab.ReadJournalAsync("node1")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is InstanceEvents.ActionRequested { Tag: "vip", Node: "node1", Action: KitAction.Recover });
        Assert.DoesNotContain(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover or OperationKind.Switchover });
        Assert.DoesNotContain(journal, e => e is InstanceEvents.ActionRequested { Node: "node2", Action: KitAction.Restore });
    }

    [Fact]
    public async Task Switchover_ObservedFromTheClient_NeverTwoMacsAnswerForTheAddress()
    {
        await using var lab = await UpWithServiceAsync();
        string[] node1 = [lab.Mac("node1", "pub0"), lab.Mac("node1", "pub1")];
        var node2 = lab.Mac("node2", "pub0");
        using var watch = await ArpWatch.StartAsync(lab, Vip);

        // Both nodes stay alive: node1 must give the address up before node2 takes it.
        await lab.SubmitAsync(new OperatorCommands.Switchover("svc", "node2"));

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Ask(lab) == "node2"), TimeSpan.FromSeconds(30)), "the service did not answer from node2");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(watch.Windows().Count(w => w.Contains(node2)) >= 5), TimeSpan.FromSeconds(10)), "node2 answered ARP too rarely");
        var windows = watch.Windows();
        var answered = windows.Where(w => w.Count > 0).ToList();
        Assert.All(windows, w => Assert.True(w.Count <= 1, $"two MACs answered one request: {string.Join(", ", w)}"));
        Assert.Contains(answered, w => w.Contains(node1[0]));
        Assert.DoesNotContain(answered, w => w.Contains(node1[1])); // pub1 never answers for pub0's address (arp_ignore)
        // node1's MAC, then node2's, and never back: the first answer from node2 ends node1's answers for good.
        var first = answered.FindIndex(w => w.Contains(node2));
        Assert.All(answered.Take(first), w => Assert.Contains(node1[0], w));
        Assert.All(answered.Skip(first), w => Assert.Contains(node2, w));
    }
}
