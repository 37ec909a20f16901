using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Specs.Unit.Support;
using static Vigil.Engine.Commands.ClusterConfigurationCommands;
using static Vigil.Engine.Events.ConfigurationEvents;

namespace Vigil.Specs.Unit.Engine;

/// <summary>A node joining the replicated configuration: one new version with its comm paths; bad joins refused naming the field and value.</summary>
public sealed class NodeJoinSpecs
{
    private static readonly ImmutableArray<NodeSpec> Members =
    [
        new("node1", 0, "10.0.0.1:7400", "10.0.0.1:7401", "10.0.0.1:7500", "10.0.0.1:7001", "10.0.0.1:7101", null),
        new("node2", 1, "10.0.0.2:7400", "10.0.0.2:7401", "10.0.0.2:7500", "10.0.0.2:7001", "10.0.0.2:7101", null),
    ];

    private static readonly NodeSpec Node3 = new("node3", 2, "10.0.0.3:7400", "10.0.0.3:7401", "10.0.0.3:7500", "10.0.0.3:7001", "10.0.0.3:7101", null);

    private static ClusterEngine Seeded()
    {
        var engine = Clusters.WithNodes("node1", "node2");
        Clusters.Accept(engine, new SeedConfiguration(4, [
            new CommPathSpec("udp", "node1", "10.0.0.1:7001", "node2", "10.0.0.2:7001"),
            new CommPathSpec("tcp", "node1", "10.0.0.1:7101", "node2", "10.0.0.2:7101"),
        ]));
        return engine;
    }

    private static void AssertRefused(NodeSpec node, string code, params string[] mentions)
    {
        var engine = Seeded();
        var d = engine.Decide(new JoinNode(node, Members));
        Assert.Equal(code, d.Error?.Code);
        foreach (var m in mentions)
        {
            Assert.Contains(m, d.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Empty(d.Events);
        Assert.Equal(4, engine.State.ConfigVersion);
        Assert.Equal(2, engine.State.Nodes.Count);
    }

    [Fact]
    public void JoinNode_NewNode_MemberWithPathsToEveryNodeInOneNewVersion()
    {
        var engine = Seeded();

        var d = engine.Decide(new JoinNode(Node3, Members));

        Assert.Null(d.Error);
        var joined = Assert.Single(d.Events.OfType<NodeJoined>());
        Assert.Equal(5, joined.ConfigVersion);
        Assert.Equal(5, engine.State.ConfigVersion);
        Assert.True(engine.State.Nodes.ContainsKey("node3"));
        Assert.Equal(
            ["node1|node2|tcp", "node1|node2|udp", "node1|node3|tcp", "node1|node3|udp", "node2|node3|tcp", "node2|node3|udp"],
            engine.State.CommPaths.Keys);
        Assert.Equal("10.0.0.1:7101", engine.State.CommPaths["node1|node3|tcp"].AddressOf("node1"));
        Assert.Equal("10.0.0.3:7101", engine.State.CommPaths["node1|node3|tcp"].AddressOf("node3"));
        Assert.Equal(["node1", "node2", "node3"], engine.State.NodeSpecs.Keys);
    }

    [Fact]
    public void JoinNode_OnlyUdp_GetsOnlyUdpPaths()
    {
        var engine = Seeded();
        engine.Decide(new JoinNode(Node3 with { Tcp = null }, Members));
        Assert.Equal(2, engine.State.PathsOf("node3").Count());
        Assert.All(engine.State.PathsOf("node3"), p => Assert.Equal("udp", p.Type));
    }

    [Fact]
    public void JoinNode_ExistingName_RefusedDuplicateNode() =>
        AssertRefused(Node3 with { Name = "node2" }, "duplicate-node", "name: 'node2'");

    [Fact]
    public void JoinNode_AnotherNodesRaftAddress_RefusedAddressInUse() =>
        AssertRefused(Node3 with { Raft = "10.0.0.2:7400" }, "address-in-use", "raft: '10.0.0.2:7400'", "node2's raft");

    [Fact]
    public void JoinNode_AddressOfAPath_RefusedAddressInUse() =>
        AssertRefused(Node3 with { Udp = "10.0.0.1:7001" }, "address-in-use", "udp: '10.0.0.1:7001'");

    [Fact]
    public void JoinNode_NotAnEndpoint_RefusedInvalidAddress() =>
        AssertRefused(Node3 with { Tcp = "node3" }, "invalid-address", "tcp: 'node3'");

    [Fact]
    public void JoinNode_TakenHeartbeatId_RefusedDuplicateId() =>
        AssertRefused(Node3 with { Id = 1 }, "duplicate-id", "id: 1", "node2");

    [Fact]
    public void JoinNode_NoSharedPathType_RefusedNoPath() =>
        AssertRefused(Node3 with { Udp = null, Tcp = null, Disk = "/lab/disk" }, "no-path", "node3");

    [Fact]
    public void JoinNode_BeforeSeed_RefusedNotReady()
    {
        var engine = Clusters.WithNodes("node1", "node2");
        Assert.Equal("not-ready", engine.Decide(new JoinNode(Node3, Members)).Error?.Code);
    }
}
