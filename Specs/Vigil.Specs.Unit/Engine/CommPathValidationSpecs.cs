using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Specs.Unit.Support;
using static Vigil.Engine.Commands.ClusterConfigurationCommands;
using static Vigil.Engine.Events.ConfigurationEvents;

namespace Vigil.Specs.Unit.Engine;

/// <summary>Comm path changes: each accepted one makes a new configuration version; bad ones are refused naming the field and value.</summary>
public sealed class CommPathValidationSpecs
{
    private static ClusterEngine Seeded()
    {
        var engine = Clusters.WithNodes("node1", "node2", "node3");
        Clusters.Accept(engine, new SeedConfiguration(7, [
            new CommPathSpec("udp", "node2", "127.0.0.1:7002", "node1", "127.0.0.1:7001"),
            new CommPathSpec("udp", "node1", "127.0.0.1:7001", "node3", "127.0.0.1:7003"),
            new CommPathSpec("tcp", "node1", "127.0.0.1:7101", "node3", "127.0.0.1:7103"),
            new CommPathSpec("udp", "node2", "127.0.0.1:7002", "node3", "127.0.0.1:7003"),
        ]));
        return engine;
    }

    private static void AssertRefused(ClusterEngine engine, Vigil.Engine.Commands.IEngineInput input, string code, params string[] mentions)
    {
        var version = engine.State.ConfigVersion;
        var paths = engine.State.CommPaths.Count;
        var d = engine.Decide(input);
        Assert.Equal(code, d.Error?.Code);
        foreach (var m in mentions)
        {
            Assert.Contains(m, d.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Empty(d.Events);
        Assert.Equal(version, engine.State.ConfigVersion);
        Assert.Equal(paths, engine.State.CommPaths.Count);
    }

    [Fact]
    public void Seed_SetsTheFilesVersion_AndNormalisesThePairs()
    {
        var engine = Seeded();
        Assert.Equal(7, engine.State.ConfigVersion);
        Assert.True(engine.State.CommPaths.ContainsKey("node1|node2|udp"));
        Assert.Equal("127.0.0.1:7001", engine.State.CommPaths["node1|node2|udp"].AddressOf("node1"));
    }

    [Fact]
    public void Seed_Twice_RefusedAlreadySeeded() =>
        AssertRefused(Seeded(), new SeedConfiguration(1, []), "already-seeded", "version 7");

    [Fact]
    public void AddCommPath_BeforeSeed_RefusedNotReady()
    {
        var engine = Clusters.WithNodes("node1", "node2");
        AssertRefused(engine, new AddCommPath("node1", "node2", "tcp", "127.0.0.1:1", "127.0.0.1:2"), "not-ready");
    }

    [Fact]
    public void AddCommPath_Accepted_IncrementsTheVersion()
    {
        var engine = Seeded();
        var d = Clusters.Accept(engine, new AddCommPath("node2", "node1", "tcp", "127.0.0.1:7102", "127.0.0.1:7101"));
        var added = Assert.IsType<CommPathAdded>(Assert.Single(d.Events));
        Assert.Equal(8, added.ConfigVersion);
        Assert.Equal("node1", added.Path.NodeA);
        Assert.Equal(8, engine.State.ConfigVersion);
        Assert.Equal(3, engine.State.PathsOf("node2").Count());
    }

    [Theory]
    [InlineData("node9", "node2", "tcp", "127.0.0.1:1", "127.0.0.1:2", "unknown-node", "node-a: 'node9'")]
    [InlineData("node1", "node9", "tcp", "127.0.0.1:1", "127.0.0.1:2", "unknown-node", "node-b: 'node9'")]
    [InlineData("node1", "node1", "tcp", "127.0.0.1:1", "127.0.0.1:2", "invalid-path", "node-b: 'node1'")]
    [InlineData("node1", "node2", "sctp", "127.0.0.1:1", "127.0.0.1:2", "invalid-path", "type: 'sctp'")]
    [InlineData("node1", "node2", "tcp", "localhost:1", "127.0.0.1:2", "invalid-address", "'localhost:1'")]
    [InlineData("node1", "node2", "tcp", "127.0.0.1:0", "127.0.0.1:2", "invalid-address", "'127.0.0.1:0'")]
    [InlineData("node1", "node2", "disk", "relative/disk", "/lab/disk", "invalid-address", "'relative/disk'")]
    [InlineData("node1", "node2", "udp", "127.0.0.1:1", "127.0.0.1:2", "duplicate-path", "'udp'")]
    [InlineData("node1", "node2", "tcp", "127.0.0.1:7101", "127.0.0.1:7103", "address-in-use", "'127.0.0.1:7103'")]
    public void AddCommPath_BadInput_RefusedNamingFieldAndValue(string a, string b, string type, string addressA, string addressB, string code, string mention) =>
        AssertRefused(Seeded(), new AddCommPath(a, b, type, addressA, addressB), code, mention);

    [Fact]
    public void DeleteCommPath_Accepted_IncrementsTheVersion()
    {
        var engine = Seeded();
        var d = Clusters.Accept(engine, new DeleteCommPath("node3", "node1", "tcp"));
        Assert.Equal(8, Assert.IsType<CommPathDeleted>(Assert.Single(d.Events)).ConfigVersion);
        Assert.False(engine.State.CommPaths.ContainsKey("node1|node3|tcp"));
    }

    [Fact]
    public void DeleteCommPath_LastOfThePair_RefusedLastPath() =>
        AssertRefused(Seeded(), new DeleteCommPath("node1", "node2", "udp"), "last-path", "'node1' and 'node2'");

    [Fact]
    public void DeleteCommPath_Unknown_RefusedUnknownPath() =>
        AssertRefused(Seeded(), new DeleteCommPath("node1", "node2", "disk"), "unknown-path", "'disk'");

    [Fact]
    public void DeleteCommPath_UnknownNode_RefusedNamingIt() =>
        AssertRefused(Seeded(), new DeleteCommPath("node1", "ghost", "udp"), "unknown-node", "node-b: 'ghost'");
}
