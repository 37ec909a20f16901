using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>
/// The ip kit through a real vigil-kithost started inside the node's namespace of an <see cref="IpLab"/>:
/// a client on the same bridge reaches the address, sees the node's MAC, and follows it when it moves.
/// Waits are deadlines (SpinWait.SpinUntil over real probes), never sleeps.
/// </summary>
public sealed class IpNamespaceSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly IpNode _node = new();

    private IpLab Lab => _node.Lab;

    private Task<ActionResult> RunAsync(KitAction action, Dictionary<string, string>? parameters = null) => _node.RunAsync(action, parameters);

    private static void AssertSucceeded(ActionResult result) => Assert.True(result.Succeeded, $"{result.Outcome}: {result.ExitReason}");

    [Fact]
    public async Task Restore_AddressFree_ClientReachesItAtTheNodesMac()
    {
        Assert.False(Lab.ClientPings(), "nobody holds the address yet");

        AssertSucceeded(await RunAsync(KitAction.Restore));

        Assert.Equal(["pub0"], Lab.Holders(Lab.Node));
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within), "the client never reached the address");
        Assert.Equal(IpLab.Mac(Lab.Node, "pub0"), Lab.ClientNeighbour());
        Assert.Equal(CheckState.Healthy, (await RunAsync(KitAction.QuickCheck)).Check);
    }

    [Fact]
    public async Task Restore_AddressHeldByAnotherMachine_RefusesNamingAddressAndMacAndAddsNothing()
    {
        IpLab.Ip(Lab.Other, "addr", "add", IpLab.Vip + "/24", "dev", "o0");

        var result = await RunAsync(KitAction.Restore);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains($"address {IpLab.Vip} is already in use on the network", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains(IpLab.Mac(Lab.Other, "o0").ToUpperInvariant(), result.ExitReason, StringComparison.Ordinal);
        Assert.Empty(Lab.Holders(Lab.Node));
        Assert.Equal(CheckState.NotRunning, (await RunAsync(KitAction.QuickCheck)).Check);
    }

    [Fact]
    public async Task Restore_AfterThePreviousHolderLetGo_GratuitousArpRepointsTheClientWithoutItAsking()
    {
        IpLab.Ip(Lab.Other, "addr", "add", IpLab.Vip + "/24", "dev", "o0");
        Assert.True(Lab.ClientPings());
        Assert.Equal(IpLab.Mac(Lab.Other, "o0"), Lab.ClientNeighbour());
        IpLab.Ip(Lab.Other, "addr", "del", IpLab.Vip + "/24", "dev", "o0");

        AssertSucceeded(await RunAsync(KitAction.Restore));

        // The client sends nothing: only the node's announcement can change its entry.
        var node = IpLab.Mac(Lab.Node, "pub0");
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientNeighbour() == node, Within), $"the client still has {Lab.ClientNeighbour()} for the address, not the node's {node}");
        Assert.True(Lab.ClientPings());
    }

    [Fact]
    public async Task Restore_Twice_SecondLeavesTheAddressAlone()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        var again = await RunAsync(KitAction.Restore);

        AssertSucceeded(again);
        Assert.Contains("already on pub0", again.ExitReason, StringComparison.Ordinal);
        Assert.Equal(["pub0"], Lab.Holders(Lab.Node));
    }

    [Fact]
    public async Task Remove_AfterRestore_DeletesTheAddressAndTheClientLosesIt()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within));

        AssertSucceeded(await RunAsync(KitAction.Remove));

        Assert.Empty(Lab.Holders(Lab.Node));
        Assert.False(Lab.ClientPings());
        Assert.Equal(CheckState.NotRunning, (await RunAsync(KitAction.QuickCheck)).Check);
        AssertSucceeded(await RunAsync(KitAction.Remove));
    }

    [Fact]
    public async Task Remove_WhileStillAnnouncing_StopsTheAnnouncerSoTheNodeNoLongerClaimsTheAddress()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore, IpLab.Parameters(("arpCount", "60"))));
        Assert.Equal(1, IpLab.Arpings(Lab.Node));

        AssertSucceeded(await RunAsync(KitAction.Remove));

        Assert.Equal(0, IpLab.Arpings(Lab.Node));
        Assert.Empty(Lab.Holders(Lab.Node));
    }

    [Fact]
    public async Task CanExtend_InterfaceMissingOnTheNode_ConfigurationErrorNamingIt()
    {
        var missing = await RunAsync(KitAction.CanExtend, IpLab.Parameters(("backupInterfaces", "pub1,pub9")));

        Assert.True(missing.ConfigurationError, missing.ExitReason);
        Assert.Contains("this node has no interface pub9", missing.ExitReason, StringComparison.Ordinal);
        AssertSucceeded(await RunAsync(KitAction.CanExtend));
    }

    [Fact]
    public async Task QuickCheck_AddressDeletedBehindTheKitsBack_IsNotRunning()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        IpLab.Ip(Lab.Node, "addr", "del", IpLab.Vip + "/24", "dev", "pub0");

        var check = await RunAsync(KitAction.QuickCheck);

        Assert.Equal(CheckState.NotRunning, check.Check);
        Assert.Contains($"{IpLab.Vip} is not configured on any interface", check.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickCheck_CablePulled_IsUnhealthyNamingTheLink()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        Lab.Cable("pub0", up: false);

        var check = await RunAsync(KitAction.QuickCheck);

        Assert.Equal(CheckState.Unhealthy, check.Check);
        Assert.Contains("is on pub0 but its link is not usable (pub0: no carrier", check.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickCheck_PingTargets_HealthyWhenOneAnswersUnhealthyWhenNoneDoes()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));

        var answered = await RunAsync(KitAction.QuickCheck, IpLab.Parameters(("pingTargets", $"{IpLab.Subnet}.77,{IpLab.ClientAddress}")));
        var silent = await RunAsync(KitAction.QuickCheck, IpLab.Parameters(("pingTargets", $"{IpLab.Subnet}.77")));

        Assert.Equal(CheckState.Healthy, answered.Check);
        Assert.Equal(CheckState.Unhealthy, silent.Check);
        Assert.Contains($"none of the ping targets answered from {IpLab.Vip}", silent.ExitReason, StringComparison.Ordinal);
        Assert.Contains($"{IpLab.Subnet}.77", silent.ExitReason, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();
}
