using Vigil.Daemon.Quorum;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Daemon;

/// <summary>The lease on fake monotonic time (1 tick = 1 ms): lapses on quorum loss or a pause, held again only on a quorate observation.</summary>
public sealed class QuorumLeaseSpecs
{
    // Default profile (deadline 500 ms, tick 25 ms) with a 700 ms lease: a budget of 150 ms.
    private static readonly QuorumSettings Settings = QuorumSettings.Default(HeartbeatProfile.Default) with { Lease = TimeSpan.FromMilliseconds(700) };

    private static QuorumLease Lease() => new(Settings, start: 0, frequency: 1000);

    [Fact]
    public void Observe_JustStartedAndNobodyHeardYet_HeldForTheBudget()
    {
        var lease = Lease();

        Assert.Equal(LeaseChange.None, lease.Observe(25, quorate: false));
        Assert.Equal(LeaseChange.None, lease.Observe(150, quorate: false));
        Assert.True(lease.IsHeld);
        Assert.Equal(LeaseChange.Lapsed, lease.Observe(175, quorate: false));
        Assert.Equal(1, lease.Lapses);
    }

    [Fact]
    public void Observe_QuorumLost_LapsesAtOnceAndOnlyOnce()
    {
        var lease = Lease();
        lease.Observe(25, quorate: true);

        Assert.Equal(LeaseChange.Lapsed, lease.Observe(50, quorate: false));
        Assert.Equal(LeaseChange.None, lease.Observe(75, quorate: false));
        Assert.False(lease.IsHeld);
        Assert.Equal(1, lease.Lapses);
        Assert.Equal("quorum lost", lease.LastLapseReason);
    }

    [Fact]
    public void Observe_QuorateAgain_RegainedWithoutForgettingTheLapse()
    {
        var lease = Lease();
        lease.Observe(25, quorate: true);
        lease.Observe(50, quorate: false);

        Assert.Equal(LeaseChange.Regained, lease.Observe(75, quorate: true));
        Assert.True(lease.IsHeld);
        Assert.Equal(1, lease.Lapses);
    }

    [Fact]
    public void Observe_AfterAPauseLongerThanTheBudget_LapsesEvenIfTheDetectorLooksQuorate()
    {
        // A frozen vigild thawed: beats buffered meanwhile make every peer look alive.
        var lease = Lease();
        lease.Observe(25, quorate: true);

        Assert.Equal(LeaseChange.Lapsed, lease.Observe(2025, quorate: true));
        Assert.StartsWith("vigild did not run for 2000 ms", lease.LastLapseReason, StringComparison.Ordinal);
        Assert.Equal(LeaseChange.Regained, lease.Observe(2050, quorate: true));
    }

    [Fact]
    public void Observe_PauseWithinTheBudget_StaysHeld()
    {
        var lease = Lease();
        lease.Observe(25, quorate: true);

        Assert.Equal(LeaseChange.None, lease.Observe(175, quorate: true));
        Assert.True(lease.IsHeld);
        Assert.Equal(0, lease.Lapses);
    }
}
