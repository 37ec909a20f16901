using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Engine.Simulation;
using Vigil.Specs.Unit.Support;
using static Vigil.Engine.Commands.ConfigurationCommands;

namespace Vigil.Specs.Unit.Engine;

/// <summary>Bad configuration input is refused with an error naming the problem, and nothing is appended.</summary>
public sealed class ConfigurationValidationSpecs
{
    private static async Task<(JournaledEngine Engine, InMemoryJournalStore Store)> JournaledAsync()
    {
        var store = new InMemoryJournalStore();
        var engine = await JournaledEngine.OpenAsync(store, "node1", global::Vigil.Engine.EngineEvents.Serializer, TimeProvider.System);
        foreach (var n in new[] { "node1", "node2" })
        {
            Assert.False((await engine.SubmitAsync(new AddNode(n))).Refused);
        }

        Assert.False((await engine.SubmitAsync(new RegisterResourceTypes("node1", Clusters.Types))).Refused);
        Assert.False((await engine.SubmitAsync(new RegisterResourceTypes("node2", [SimulatedKits.TypeFor("app")]))).Refused);
        Assert.False((await engine.SubmitAsync(Clusters.Ip("vip", "node1"))).Refused);
        Assert.False((await engine.SubmitAsync(Clusters.App("app", "node1"))).Refused);
        return (engine, store);
    }

    private static async Task AssertRefusedAsync(IEngineInput input, string code, params string[] mentions)
    {
        var (engine, store) = await JournaledAsync();
        using var _ = engine;
        var before = store.Events.Count;
        var stateBefore = engine.Engine.State.AppliedCount;

        var result = await engine.SubmitAsync(input);

        Assert.True(result.Refused);
        Assert.Equal(code, result.Decision.Error!.Code);
        foreach (var m in mentions)
        {
            Assert.Contains(m, result.Decision.Error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, store.Events.Count);
        Assert.Equal(stateBefore, engine.Engine.State.AppliedCount);
    }

    [Fact]
    public Task CreateResource_UnknownNode_RefusedNamingNode() =>
        AssertRefusedAsync(Clusters.Ip("vip2", "node9"), "unknown-node", "node9");

    [Fact]
    public Task CreateResource_DuplicateTag_RefusedNamingTag() =>
        AssertRefusedAsync(Clusters.Ip("vip", "node1", "10.1.0.6/24"), "duplicate-tag", "vip");

    [Fact]
    public Task CreateResource_InvalidTagName_Refused() =>
        AssertRefusedAsync(Clusters.Ip("bad tag;rm", "node1"), "invalid-name", "bad tag;rm");

    [Fact]
    public Task CreateResource_ParameterFailsValidation_RefusedNamingParameterAndValue() =>
        AssertRefusedAsync(Clusters.Ip("vip2", "node1", "10.1.0.300/24"), "invalid-parameter", "address", "10.1.0.300/24", "not an IP address");

    [Fact]
    public Task CreateResource_MissingRequiredParameter_Refused() =>
        AssertRefusedAsync(new CreateResource("vip2", "ip", "node1", Clusters.Params()), "invalid-parameter", "'address'", "required");

    [Fact]
    public Task CreateResource_UnknownParameter_Refused() =>
        AssertRefusedAsync(new CreateResource("vip2", "ip", "node1", Clusters.Params(("address", "10.0.0.1"), ("adress", "x"))), "invalid-parameter", "'adress'");

    [Fact]
    public Task CreateResource_TypeNotProvidedOnNode_Refused() =>
        AssertRefusedAsync(Clusters.Ip("vip2", "node2"), "type-missing", "node2", "ip");

    [Fact]
    public Task ExtendResource_NodeLacksResourceType_RefusedNamingType() =>
        AssertRefusedAsync(new ExtendResource("vip", "node2", 2), "type-missing", "vip", "node2", "'ip'");

    [Fact]
    public Task ExtendResource_PriorityAlreadyHeld_RefusedAsCollision() =>
        AssertRefusedAsync(new ExtendResource("app", "node2", 1), "priority-collision", "app", "priority 1", "node1");

    [Fact]
    public Task ExtendResource_PriorityZero_Refused() =>
        AssertRefusedAsync(new ExtendResource("app", "node2", 0), "invalid-priority", "0");

    [Fact]
    public Task ExtendResource_UnknownNode_Refused() =>
        AssertRefusedAsync(new ExtendResource("app", "node7", 2), "unknown-node", "node7");

    [Fact]
    public Task AddDependency_OnItself_RefusedAsCycle() =>
        AssertRefusedAsync(new AddDependency("app", "app"), "dependency-cycle", "app");

    [Fact]
    public async Task AddDependency_ClosingACycle_RefusedAndNothingAppended()
    {
        var (engine, store) = await JournaledAsync();
        using var _ = engine;
        Assert.False((await engine.SubmitAsync(Clusters.App("db", "node1"))).Refused);
        Assert.False((await engine.SubmitAsync(new AddDependency("app", "db"))).Refused);
        Assert.False((await engine.SubmitAsync(new AddDependency("db", "vip"))).Refused);
        var before = store.Events.Count;

        var result = await engine.SubmitAsync(new AddDependency("vip", "app"));

        Assert.Equal("dependency-cycle", result.Decision.Error?.Code);
        Assert.Contains("'vip' -> 'app'", result.Decision.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, store.Events.Count);
    }

    [Fact]
    public Task AddNode_Duplicate_Refused() =>
        AssertRefusedAsync(new AddNode("node1"), "duplicate-node", "node1");

    [Fact]
    public Task DeleteResource_WithDependents_Refused()
    {
        return Check();

        static async Task Check()
        {
            var (engine, store) = await JournaledAsync();
            using var _ = engine;
            Assert.False((await engine.SubmitAsync(new AddDependency("app", "vip"))).Refused);
            var before = store.Events.Count;
            var result = await engine.SubmitAsync(new DeleteResource("vip"));
            Assert.Equal("has-parent", result.Decision.Error?.Code);
            Assert.Contains("app", result.Decision.Error!.Message, StringComparison.Ordinal);
            Assert.Equal(before, store.Events.Count);
        }
    }

    [Fact]
    public void CreateResource_SecretGivenAsLiteral_RefusedWithoutEchoingIt()
    {
        using var engine = new ClusterEngine();
        Clusters.Accept(engine, new AddNode("node1"));
        var type = new ResourceTypeSpec("dns", [new ParameterSpec("tsigKey", ParameterKind.String, Required: true, Secret: true)]);
        Clusters.Accept(engine, new RegisterResourceTypes("node1", [type]));

        var d = engine.Decide(new CreateResource("rec", "dns", "node1", Clusters.Params(("tsigKey", "hunter2-very-secret"))));

        Assert.Equal("invalid-parameter", d.Error?.Code);
        Assert.DoesNotContain("hunter2", d.Error!.Message, StringComparison.Ordinal);
        Assert.False(engine.Decide(new CreateResource("rec", "dns", "node1", Clusters.Params(("tsigKey", "secret://dns-key")))).Refused);
    }
}
