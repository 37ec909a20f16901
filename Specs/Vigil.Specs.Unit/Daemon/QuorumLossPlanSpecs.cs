using Vigil.Daemon.Quorum;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Daemon;

/// <summary>Issue 4: which instances a node's quorum-loss action removes — OSF ones too, since they may still run in part.</summary>
public sealed class QuorumLossPlanSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    /// <summary>web in service on node1, but its address failed its check (OSF): web-app and web-fs run, web-ip may in part.</summary>
    private static Driver WithOsfAddressOnNode1()
    {
        var d = Driver.Protected(ThreeNodes);
        d.State.Apply(new InstanceEvents.InstanceTransitioned("web-ip", "node1", InstanceTrigger.CheckFailed, InstanceState.Isp, InstanceState.Osf, "address gone"));
        return d;
    }

    [Theory]
    [InlineData("osu")]
    [InlineData("fastkill")]
    public void For_OsuOrFastkill_RemovesTheOsfInstanceTooParentsFirst(string action)
    {
        using var d = WithOsfAddressOnNode1();

        var plan = QuorumLossPlan.For(d.State, "node1", Enum.Parse<QuorumLossAction>(action, ignoreCase: true));

        Assert.Equal(["web-app", "web-fs", "web-ip"], plan.Remove.Select(w => w.Tag));
        Assert.Empty(plan.Frozen);
        Assert.All(plan.Remove, w => Assert.Equal(KitAction.Remove, w.Action));
    }

    [Fact]
    public void For_Freeze_FreezesWhatServesAndRemovesTheOsfInstance()
    {
        using var d = WithOsfAddressOnNode1();

        var plan = QuorumLossPlan.For(d.State, "node1", QuorumLossAction.Freeze);

        Assert.Equal(["web-ip"], plan.Remove.Select(w => w.Tag));
        Assert.Equal(["web-app", "web-fs"], plan.Frozen.Select(w => w.Tag));
        Assert.Equal(["web-app", "web-fs", "web-ip"], plan.Held.Select(w => w.Tag));
    }

    [Fact]
    public void For_ANodeHoldingNothing_Empty()
    {
        using var d = WithOsfAddressOnNode1();

        var plan = QuorumLossPlan.For(d.State, "node2", QuorumLossAction.Osu);

        Assert.Empty(plan.Held);
    }
}
