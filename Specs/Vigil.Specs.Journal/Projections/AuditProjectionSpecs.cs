using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using Vigil.Engine.Audit;
using Vigil.Journal.Projections;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Projections;

/// <summary>
/// The audit projections kept by Marten's async daemon over the cluster-wide journal, where every node's copy of each
/// replicated decision arrives (in any interleaving): each failover is counted once, and the projected report is the
/// one computed in memory from the merged history, for the whole history and for a window.
/// </summary>
public sealed class AuditProjectionSpecs
{
    [Fact]
    public async Task ProjectedReport_ThreeNodesForwardingInTurn_AgreesWithTheInMemoryReport()
    {
        await using var history = await AuditProjectionHistory.CreateAsync("projections");
        // node2's chain is projected first; node3's and node1's copies of the same decisions arrive afterwards.
        await history.ForwardAsync("node2");
        await history.ProjectAsync();
        await history.ForwardAsync("node3");
        await history.ForwardAsync("node1");
        await history.ProjectAsync();

        var stored = new List<RecordedEvent>();
        await foreach (var e in history.Store.ReadAllAsync())
        {
            stored.Add(e);
        }

        var merged = HistoryMerger.Merge(stored, renumber: false).Events;
        var until = merged[^1].Envelope.Timestamp.AddMinutes(1);
        var secondCrash = history.Original.Last(e => e.Envelope.Data is Vigil.Engine.Events.OperationEvents.OperationStarted).Envelope.Timestamp;
        await using var session = history.Store.DocumentStore.QuerySession();

        var (whole, progress) = await ProjectedReport.ReadAsync(history.Store.DocumentStore, null, until);
        var (window, _) = await ProjectedReport.ReadAsync(history.Store.DocumentStore, secondCrash.AddSeconds(-1), until);

        Assert.Equal(2, await session.Query<ProjectedFailover>().CountAsync());
        Assert.True(progress.Behind == 0, $"{progress}: {string.Join(", ", (await history.Store.DocumentStore.Advanced.AllProjectionProgress()).Select(p => $"{p.ShardName}={p.Sequence}"))}");
        Assert.Equal(2, whole.Failovers.Count);
        Assert.All(whole.Resources, r => Assert.Equal(2, r.Outages));
        AssertSame(AvailabilityReport.Compute(merged, null, until), whole);
        AssertSame(AvailabilityReport.Compute(merged, secondCrash.AddSeconds(-1), until), window);
    }

    [Fact]
    public async Task ReportCommands_OnAProjectedJournal_ReadTheDocumentsAsJson()
    {
        await using var history = await AuditProjectionHistory.CreateAsync("projcli");
        foreach (var node in history.Nodes.Keys)
        {
            await history.ForwardAsync(node);
        }

        await history.ProjectAsync();
        var until = history.Original[^1].Envelope.Timestamp.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture);

        var availability = await RunAsync("report", "availability", "--journal", history.Database.ConnectionString, "--until", until, "--json");
        var failovers = await RunAsync("report", "failovers", "--journal", history.Database.ConnectionString, "--until", until, "--json");
        var text = await RunAsync("report", "failovers", "--journal", history.Database.ConnectionString, "--until", until);

        Assert.True(availability.Code == 0, availability.Err);
        Assert.True(failovers.Code == 0, failovers.Err);
        Assert.Equal(string.Empty, availability.Err);
        Assert.Contains("projected by the async daemon", text.Out, StringComparison.Ordinal);
        Snap.Match(Scrub(availability.Out), "availability");
        Snap.Match(Scrub(failovers.Out), "failovers");
    }

    private static void AssertSame(AvailabilityReport expected, AvailabilityReport actual)
    {
        Assert.Equal(expected.To, actual.To);
        Assert.Equal(Failovers(expected), Failovers(actual));
        Assert.Equal(expected.Resources, actual.Resources);
    }

    private static List<string> Failovers(AvailabilityReport r) =>
        [.. r.Failovers.Select(f => $"{f.OperationId} {f.At:O} [{string.Join(",", f.Members)}] {f.From}->{f.To} {f.Duration} {f.Outcome} {f.Cause}")];

    /// <summary>Positions depend on the database's sequence; they are checked (behind = 0), not snapshotted.</summary>
    private static string Scrub(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var projection = o["projection"]!.AsObject();
        Assert.Equal(0, projection["behind"]!.GetValue<long>());
        projection["through"] = "{position}";
        projection["head"] = "{position}";
        return o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(RepoPaths.Vigil, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (p.ExitCode, await stdout, await stderr);
    }
}
