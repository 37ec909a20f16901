using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Journal;

public sealed class JournalChainSpecs
{
    private static PendingEvent Input(IVigilEvent data) => new(data, EventKind.Input, "cluster", Guid.NewGuid());

    [Fact]
    public async Task AppendAsync_ThroughWriter_StampsGaplessSequenceAndIntactChain()
    {
        var store = new InMemoryJournalStore();
        var writer = await JournalWriter.OpenAsync(store, "node1", EngineEvents.Serializer, TimeProvider.System);

        await writer.AppendAsync([Input(new ConfigurationCommands.AddNode("a")), Input(new ConfigurationCommands.AddNode("b"))]);
        await writer.AppendAsync([Input(new ConfigurationCommands.AddNode("c"))]);

        Assert.Equal([1L, 2L, 3L], store.Events.Select(e => e.Envelope.Sequence));
        Assert.Equal(string.Empty, store.Events[0].Envelope.PreviousHash);
        Assert.Equal(store.Events[0].Envelope.Hash, store.Events[1].Envelope.PreviousHash);
        Assert.True((await JournalVerifier.VerifyAsync(store, EngineEvents.Serializer)).IsIntact);
    }

    [Fact]
    public async Task OpenAsync_OnExistingJournal_ContinuesTheChain()
    {
        var store = new InMemoryJournalStore();
        var first = await JournalWriter.OpenAsync(store, "node1", EngineEvents.Serializer, TimeProvider.System);
        await first.AppendAsync([Input(new ConfigurationCommands.AddNode("a"))]);

        var second = await JournalWriter.OpenAsync(store, "node1", EngineEvents.Serializer, TimeProvider.System);
        await second.AppendAsync([Input(new ConfigurationCommands.AddNode("b"))]);

        Assert.Equal(2, store.Events[1].Envelope.Sequence);
        Assert.True(store.Events[1].Envelope.Hlc > store.Events[0].Envelope.Hlc);
        Assert.True((await JournalVerifier.VerifyAsync(store, EngineEvents.Serializer)).IsIntact);
    }

    [Fact]
    public async Task Verify_AlteredPayload_ReportsThatExactEvent()
    {
        var source = new InMemoryJournalStore();
        var writer = await JournalWriter.OpenAsync(source, "node1", EngineEvents.Serializer, TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await writer.AppendAsync([Input(new ConfigurationCommands.AddNode($"n{i}"))]);
        }

        var tampered = new InMemoryJournalStore();
        foreach (var e in source.Events)
        {
            var env = e.Envelope.Sequence == 3 ? e.Envelope with { Data = new ConfigurationCommands.AddNode("evil") } : e.Envelope;
            await tampered.AppendAsync([env]);
        }

        var report = await JournalVerifier.VerifyAsync(tampered, EngineEvents.Serializer);

        Assert.Equal("node1", report.FirstBreak?.Node);
        Assert.Equal(3, report.FirstBreak!.Sequence);
        Assert.Contains("altered", report.FirstBreak.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingEvent_ReportsTheGap()
    {
        var source = new InMemoryJournalStore();
        var writer = await JournalWriter.OpenAsync(source, "node1", EngineEvents.Serializer, TimeProvider.System);
        for (var i = 0; i < 4; i++)
        {
            await writer.AppendAsync([Input(new ConfigurationCommands.AddNode($"n{i}"))]);
        }

        var gappy = new InMemoryJournalStore();
        foreach (var e in source.Events.Where(e => e.Envelope.Sequence != 2))
        {
            await gappy.AppendAsync([e.Envelope]);
        }

        var report = await JournalVerifier.VerifyAsync(gappy, EngineEvents.Serializer);

        Assert.Equal(3, report.FirstBreak?.Sequence);
        Assert.Contains("gap", report.FirstBreak!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_StoreRefuses_RollsBackSoTheSequenceHasNoGap()
    {
        var store = new InMemoryJournalStore();
        var writer = await JournalWriter.OpenAsync(store, "node1", EngineEvents.Serializer, TimeProvider.System);
        await writer.AppendAsync([Input(new ConfigurationCommands.AddNode("a"))]);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(async () =>
            await writer.AppendAsync([Input(new ConfigurationCommands.AddNode("b"))], new Dictionary<string, long> { ["cluster"] = 7 }));
        await writer.AppendAsync([Input(new ConfigurationCommands.AddNode("c"))]);

        Assert.Equal([1L, 2L], store.Events.Select(e => e.Envelope.Sequence));
        Assert.True((await JournalVerifier.VerifyAsync(store, EngineEvents.Serializer)).IsIntact);
    }
}
