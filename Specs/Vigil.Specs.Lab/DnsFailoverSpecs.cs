using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The dns kit across subnets (issue 6): node1 on the public network 10.77.0/24, node2 on the routed second subnet
/// 10.77.20/24 where node1's addresses cannot move; a real BIND on the router's address; the client on the public
/// network resolves the name and reaches whichever node holds it.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DnsFailoverSpecs
{
    private const string Name = "app." + LabBind.Zone;

    [Fact]
    public async Task Crash_TheActiveNode_RecordPointsAtTheSecondSubnetNodeAndTheClientReachesIt()
    {
        await using var lab = LabCluster.CreateNamespaced(2, "node2");
        await using var bind = await LabBind.StartAsync(lab);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        await lab.CreateResourceAsync("name", "dns", "node1", new Dictionary<string, string>
        {
            ["zone"] = LabBind.Zone,
            ["name"] = Name,
            ["addresses"] = "node1=10.77.0.1,node2=10.77.20.2",
            ["server"] = LabBind.Address,
            ["keyName"] = LabBind.KeyName,
            ["secretFile"] = bind.SecretFile,
            ["ttl"] = "5",
            ["stateDir"] = Path.Combine(lab.Dir, "dns-state"),
        });
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("name", "node2", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("name", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(bind.Resolve(Name) is ["10.77.0.1"]), TimeSpan.FromSeconds(30)),
            $"{Name} does not resolve to node1's 10.77.0.1 ({string.Join(",", bind.Resolve(Name))}); logs:\n{lab.LogTails()}\nnamed:\n{bind.Log}");
        await lab.WaitForOperationCompletedAsync("node1");

        lab.Crash("node1");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(bind.Resolve(Name) is ["10.77.20.2"]), TimeSpan.FromSeconds(30)),
            $"{Name} resolves to {string.Join(",", bind.Resolve(Name))}, not node2's 10.77.20.2; logs:\n{lab.LogTails()}");
        var (code, output) = Netns.Run(lab.ClientNamespace, TimeSpan.FromSeconds(10), "ping", "-c", "1", "-W", "2", bind.Resolve(Name)[0]);
        Assert.True(code == 0, $"the client cannot reach the resolved address across the router: {output}");
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, Target: "node2" });
        // The TSIG secret went to nsupdate only: no journal, Raft log or vigild log holds it.
        var tsig = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(bind.SecretFile), "secret \"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(tsig);
        lab.AssertNoSecretInRecords(new Dictionary<string, string> { ["TSIG secret"] = tsig });
    }
}
