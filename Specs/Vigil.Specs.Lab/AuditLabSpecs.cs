using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Cli;

namespace Vigil.Specs.Lab;

/// <summary>
/// `vigil history`, `why --at` and `replay --verify` over a real cluster's history after a real cascading failover:
/// every live node's journal read through its control API and merged, each replicated decision once.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AuditLabSpecs(CtsLab cts) : IClassFixture<CtsLab>
{
    [Fact]
    public async Task HistoryWhyAndReplay_AfterACascadingFailover_TellTheClusterWideStoryOnce()
    {
        await cts.AllUpAsync();
        await cts.HierarchyOnNode1Async(["aweb", "adb"]);
        cts.FailRestore("adb", "node2");
        var crash = DateTimeOffset.UtcNow;
        cts.Lab.Crash("node1");
        await cts.RunsOnAsync("node3", "aweb", "adb");
        await cts.InServiceAsync("node3", "aweb", "adb");
        var since = crash.ToString("O", CultureInfo.InvariantCulture);

        var operations = await cts.VigilAsync("guest", "history", "--resource", "adb", "--type", "operation.", "--since", since, "--json");
        var onNode3 = await cts.VigilAsync("guest", "history", "--node", "node3", "--type", "instance.transitioned", "--since", since, "--json");
        var why = await cts.VigilAsync("guest", "why", "adb");
        var before = await cts.VigilAsync("guest", "why", "adb", "--at", crash.AddMilliseconds(-1).ToString("O", CultureInfo.InvariantCulture));
        var replay = await cts.VigilAsync("guest", "replay", "--verify");

        Assert.True(operations.Code == CliApp.Ok, operations.Err);
        var events = JsonNode.Parse(operations.Out)!.AsArray();
        var failover = Assert.Single(events, e => e!["data"]!["kind"]?.GetValue<string>() == "failover");
        Assert.Equal("node2", failover!["data"]!["target"]!.GetValue<string>());
        Assert.Equal("[\"node2\",\"node3\"]", failover["recordedBy"]!.ToJsonString()); // both survivors journaled it; shown once
        var cascade = Assert.Single(events, e => e!["type"]!.GetValue<string>() == "operation.cascaded.v1");
        Assert.Equal("node3", cascade!["data"]!["target"]!.GetValue<string>());
        Assert.Contains("node node1's history is not available", operations.Err, StringComparison.Ordinal); // the dead node is left out, and said so
        Assert.True(onNode3.Code == CliApp.Ok, onNode3.Err);
        Assert.All(JsonNode.Parse(onNode3.Out)!.AsArray(), e => Assert.Equal("node3", e!["data"]!["node"]!.GetValue<string>()));
        Assert.True(why.Code == CliApp.Ok, why.Err);
        Assert.StartsWith("adb is ISP on node3", why.Out, StringComparison.Ordinal);
        Assert.Contains("node1 declared dead", why.Out, StringComparison.Ordinal);
        Assert.Contains("failover to node2 by priority", why.Out, StringComparison.Ordinal);
        Assert.Contains("cascade to node3", why.Out, StringComparison.Ordinal);
        Assert.Contains(why.Out.Split('\n'), l => l.StartsWith("  failed: restore of adb on node2", StringComparison.Ordinal) && l.Contains("refused on node2 by the spec's marker", StringComparison.Ordinal));
        Assert.True(before.Code == CliApp.Ok, before.Err);
        Assert.StartsWith("adb is ISP on node1", before.Out, StringComparison.Ordinal);
        Assert.True(replay.Code == CliApp.Ok, replay.Out + replay.Err);
        Assert.Contains("replay matches", replay.Out, StringComparison.Ordinal);
    }
}
