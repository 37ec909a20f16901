using System.Text.RegularExpressions;
using Vigil.Engine;
using Vigil.Engine.Events;
using Vigil.Journal;
using Vigil.Journal.Embedded;
using Vigil.Specs.Unit.Support;
using Vigil.Specs.Support;

namespace Vigil.Specs.Unit.Cli;

public sealed partial class JournalCliSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> SimulatedJournalAsync()
    {
        var journal = Path.Combine(_dir, "journal");
        var (exit, output, error) = await CliRun.RunAsync("simulate", "failover", "--journal", journal, "--seed", "3");
        Assert.True(exit == 0, output + error);
        Assert.Contains("hierarchy in service on node2", output, StringComparison.Ordinal);
        return journal;
    }

    [Fact]
    public async Task SimulateThenReplay_Verify_MatchesAndExitsZero()
    {
        var journal = await SimulatedJournalAsync();

        var (exit, output, _) = await CliRun.RunAsync("replay", "--journal", journal, "--verify");

        Assert.Equal(0, exit);
        Assert.Contains("replay matches", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_Json_MatchesSnapshotWithIdsScrubbed()
    {
        var journal = await SimulatedJournalAsync();

        var (exit, output, _) = await CliRun.RunAsync("history", "--journal", journal, "--resource", "web-ip", "--json");

        Assert.Equal(0, exit);
        Snap.Match(Scrub(output));
    }

    [Fact]
    public async Task History_Resource_ShowsOnlyThatResourcesChain()
    {
        var journal = await SimulatedJournalAsync();

        var (_, output, _) = await CliRun.RunAsync("history", "--journal", journal, "--resource", "web-fs");

        Assert.Contains("web-fs on node2: RESTORING -> ISP", output, StringComparison.Ordinal);
        Assert.DoesNotContain("web-ip on", output, StringComparison.Ordinal);
        Assert.Contains("failover #2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayVerify_DecisionAlteredInEmbeddedJournal_ExitsOneNamingThePosition()
    {
        var journal = await SimulatedJournalAsync();
        var altered = Path.Combine(_dir, "altered");
        long victimPosition;
        await using (var source = EmbeddedJournalStore.OpenReadOnly(journal, EngineEvents.Serializer))
        await using (var target = await EmbeddedJournalStore.OpenAsync(altered, EngineEvents.Serializer))
        {
            var events = new List<RecordedEvent>();
            await foreach (var e in source.ReadAllAsync())
            {
                events.Add(e);
            }

            var victim = events.First(e => e.Envelope.Data is OperationEvents.OperationStarted { Kind: OperationKind.Failover });
            victimPosition = victim.Position;
            foreach (var e in events)
            {
                var env = e == victim
                    ? e.Envelope with { Data = ((OperationEvents.OperationStarted)e.Envelope.Data) with { Target = "node3" } }
                    : e.Envelope;
                await target.AppendAsync([env]);
            }
        }

        var replay = await CliRun.RunAsync("replay", "--journal", altered, "--verify");
        var chain = await CliRun.RunAsync("journal", "verify", "--journal", altered);

        Assert.Equal(1, replay.Exit);
        Assert.Contains($"position {victimPosition} ", replay.Out, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"node3\"", replay.Out, StringComparison.Ordinal);
        Assert.Equal(1, chain.Exit);
        Assert.Contains($"(position {victimPosition})", chain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_DamagedEmbeddedJournal_ShowsWhatPrecedesTheDamageAndExitsThree()
    {
        var journal = await SimulatedJournalAsync();
        var segment = Directory.GetFiles(journal).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).First(f => new FileInfo(f).Length > 4096);
        await using (var f = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = f.Length / 2;
            var b = f.ReadByte();
            f.Position = f.Length / 2;
            f.WriteByte((byte)(b ^ 0xFF));
        }

        var (exit, output, error) = await CliRun.RunAsync("history", "--journal", journal);

        Assert.Equal(3, exit);
        Assert.Contains("damaged at byte", error, StringComparison.Ordinal);
        Assert.Contains("node node1 added", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ForeignDirectoryContent_FailsClearly()
    {
        var foreign = Path.Combine(_dir, "foreign");
        Directory.CreateDirectory(foreign);
        await File.WriteAllTextAsync(Path.Combine(foreign, "00000001.vjseg"), "this is not a journal, just some text that is long enough to have a header");

        var (exit, _, error) = await CliRun.RunAsync("history", "--journal", foreign);

        Assert.NotEqual(0, exit);
        Assert.Contains("foreign", error + exit, StringComparison.OrdinalIgnoreCase);
    }

    private static string Scrub(string json) =>
        HexHash().Replace(Guids().Replace(json, "<guid>"), "<hash>");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex("\"[0-9a-f]{64}\"")]
    private static partial Regex HexHash();
}
