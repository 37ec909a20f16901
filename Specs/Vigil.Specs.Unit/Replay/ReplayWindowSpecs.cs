using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Engine.Events;
using Vigil.Engine.Replay;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Replay;

/// <summary>`vigil replay --verify --from --to` re-decides only the window (the state before it projected from the record), and `vigil state --at` projects the record.</summary>
public sealed class ReplayWindowSpecs
{
    [Theory]
    [InlineData(7919)]
    [InlineData(15838)]
    [InlineData(424242)]
    public async Task Verify_Window_ReDecidesOnlyTheInputsInsideIt(int seed)
    {
        var (sim, store) = await GeneratedHistories.RunAsync(seed);
        await using var _ = sim;
        var events = ReplayVerifier.Order(store.Events);
        var inputs = events.Where(e => e.Envelope.Kind == EventKind.Input).ToList();
        var from = inputs[inputs.Count / 3].Envelope.Timestamp;
        var to = inputs[2 * inputs.Count / 3].Envelope.Timestamp;

        var whole = new ReplayVerifier(EngineEvents.Serializer).Verify(events);
        var window = new ReplayVerifier(EngineEvents.Serializer).Verify(events, from, to);

        Assert.True(window.Matches, window.Divergence?.ToString());
        Assert.Equal(inputs.Count(e => e.Envelope.Timestamp >= from && e.Envelope.Timestamp <= to), window.Inputs);
        Assert.True(window.Inputs < whole.Inputs);
    }

    [Fact]
    public async Task Verify_DecisionAlteredOutsideTheWindow_StillMatchesInsideIt_AndDivergesWhenTheWindowCoversIt()
    {
        var (sim, store) = await GeneratedHistories.RunAsync(424242);
        await using var _ = sim;
        var events = ReplayVerifier.Order(store.Events);
        var victim = events.Last(e => e.Envelope.Data is InstanceEvents.InstanceTransitioned);
        var altered = events.Select(e => e == victim
            ? e with { Envelope = e.Envelope with { Data = ((InstanceEvents.InstanceTransitioned)e.Envelope.Data) with { Reason = "forged" } } }
            : e).ToList();
        var before = victim.Envelope.Timestamp.AddTicks(-1);

        var earlier = new ReplayVerifier(EngineEvents.Serializer).Verify(altered, to: before);
        var covering = new ReplayVerifier(EngineEvents.Serializer).Verify(altered, from: before);

        Assert.True(earlier.Matches, earlier.Divergence?.ToString());
        Assert.False(covering.Matches);
        Assert.Equal(victim.Position, covering.Divergence!.Position);
    }

    [Theory]
    [InlineData(7919)]
    [InlineData(31676)]
    public async Task At_TheEndOfAHistory_IsTheLiveState_AndAtItsMiddleTheReplayedStateThen(int seed)
    {
        var (sim, store) = await GeneratedHistories.RunAsync(seed);
        await using var _ = sim;
        var events = ReplayVerifier.Order(store.Events);
        var middle = events[events.Count / 2].Envelope.Timestamp;

        var atEnd = HistoryProjection.At(events, events[^1].Envelope.Timestamp);
        var atMiddle = HistoryProjection.At(events, middle);
        var replayedToMiddle = new ReplayVerifier(EngineEvents.Serializer).Verify(events, to: middle);

        Assert.Equal(sim.Engine.Engine.State.Describe(), atEnd.Describe());
        Assert.Equal(replayedToMiddle.State.Describe(), atMiddle.Describe());
    }
}
