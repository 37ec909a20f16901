using System.Collections.Immutable;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Engine.Simulation;
using static Vigil.Engine.Commands.ConfigurationCommands;

namespace Vigil.Specs.Unit.Support;

/// <summary>Builds engines in a known configuration, failing loudly if a setup command is refused.</summary>
internal static class Clusters
{
    public static readonly ImmutableArray<ResourceTypeSpec> Types = [.. new[] { "app", "ip", "fs" }.Select(SimulatedKits.TypeFor)];

    public static ClusterEngine WithNodes(params string[] nodes)
    {
        var engine = new ClusterEngine();
        foreach (var n in nodes)
        {
            Accept(engine, new AddNode(n));
            Accept(engine, new RegisterResourceTypes(n, Types));
        }

        return engine;
    }

    public static Decision Accept(ClusterEngine engine, IEngineInput input)
    {
        var d = engine.Decide(input);
        Assert.False(d.Refused, $"{input.GetType().Name} was refused: {d.Error}");
        return d;
    }

    public static ImmutableSortedDictionary<string, string> Params(params (string Key, string Value)[] pairs) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static CreateResource Ip(string tag, string node, string address = "10.1.0.5/24") => new(tag, "ip", node, Params(("address", address)));

    public static CreateResource App(string tag, string node) => new(tag, "app", node, Params());
}
