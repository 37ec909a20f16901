using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Journal;

public sealed class HybridLogicalClockSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_WallClockGoesBackwards_StampsStillIncrease()
    {
        var time = new SimulatedTime(T0);
        var clock = new HybridLogicalClock(time);
        var a = clock.Now();
        var back = new HybridLogicalClock(new SimulatedTime(T0.AddSeconds(-5)));
        back.Observe(a);

        var b = back.Now();

        Assert.True(b > a);
    }

    [Fact]
    public void Observe_RemoteAheadOfLocalClock_LaterLocalEventsOrderAfterIt()
    {
        var slow = new HybridLogicalClock(new SimulatedTime(T0));
        var fast = new HybridLogicalClock(new SimulatedTime(T0.AddMinutes(3)));
        var remote = fast.Now();

        slow.Observe(remote);
        var local = slow.Now();

        Assert.True(local > remote);
    }

    [Fact]
    public void Parse_OfToString_RoundTrips()
    {
        var stamp = new HlcTimestamp(1_767_225_600_123, 42);
        Assert.Equal(stamp, HlcTimestamp.Parse(stamp.ToString()));
        Assert.Throws<FormatException>(() => HlcTimestamp.Parse("yesterday"));
    }
}
