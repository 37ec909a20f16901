using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>recover in the seed's order, through a real kit host in the node's namespace: same interface, then backup, then failure.</summary>
public sealed class IpRecoverSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly IpNode _node = new();

    private IpLab Lab => _node.Lab;

    private Task<ActionResult> RunAsync(KitAction action, Dictionary<string, string>? parameters = null) => _node.RunAsync(action, parameters);

    private static void AssertSucceeded(ActionResult result) => Assert.True(result.Succeeded, $"{result.Outcome}: {result.ExitReason}");

    [Fact]
    public async Task Recover_AddressDeletedLinkUp_ReaddsOnTheSameInterface()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        IpLab.Ip(Lab.Node, "addr", "del", IpLab.Vip + "/24", "dev", "pub0");

        var recover = await RunAsync(KitAction.Recover);

        AssertSucceeded(recover);
        Assert.Contains("re-added on pub0", recover.ExitReason, StringComparison.Ordinal);
        Assert.Equal(["pub0"], Lab.Holders(Lab.Node));
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within));
    }

    [Fact]
    public async Task Recover_PrimaryCablePulled_MovesToTheBackupAndTheClientFollows()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within));
        Assert.Equal(IpLab.Mac(Lab.Node, "pub0"), Lab.ClientNeighbour());
        Lab.Cable("pub0", up: false);
        Assert.Equal(CheckState.Unhealthy, (await RunAsync(KitAction.QuickCheck)).Check);

        var recover = await RunAsync(KitAction.Recover);

        AssertSucceeded(recover);
        Assert.Contains("moved from pub0 to pub1 (pub0: no carrier", recover.ExitReason, StringComparison.Ordinal);
        Assert.Equal(["pub1"], Lab.Holders(Lab.Node));

        // Gratuitous ARP from pub1 repoints the client's entry before it sends anything, then it reaches the address.
        var backup = IpLab.Mac(Lab.Node, "pub1");
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientNeighbour() == backup, Within), $"the client still has {Lab.ClientNeighbour()}, not pub1's {backup}");
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within), "the client never reached the address on pub1");
        Assert.Equal(CheckState.Healthy, (await RunAsync(KitAction.QuickCheck)).Check);
    }

    [Fact]
    public async Task Recover_EveryCablePulled_FailsNamingEachInterfaceSoTheHierarchyFailsOver()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore));
        Lab.Cable("pub0", up: false);
        Lab.Cable("pub1", up: false);

        var recover = await RunAsync(KitAction.Recover);

        Assert.Equal(ActionOutcome.Failed, recover.Outcome);
        Assert.False(recover.ConfigurationError);
        Assert.Contains("local recovery of 10.213.9.50/24 failed on every interface, fail over: pub0: no carrier", recover.ExitReason, StringComparison.Ordinal);
        Assert.Contains("pub1: no carrier", recover.ExitReason, StringComparison.Ordinal);
        AssertSucceeded(await RunAsync(KitAction.Remove));
        Assert.Empty(Lab.Holders(Lab.Node));
    }

    [Fact]
    public async Task Restore_PrimaryCablePulled_StartsOnTheFirstBackupWithItsLinkUp()
    {
        Lab.Cable("pub0", up: false);

        var restore = await RunAsync(KitAction.Restore);

        AssertSucceeded(restore);
        Assert.Contains("added on pub1 (backup interface: pub0: no carrier", restore.ExitReason, StringComparison.Ordinal);
        Assert.True(SpinWait.SpinUntil(() => Lab.ClientPings(), Within));
        Assert.Equal(IpLab.Mac(Lab.Node, "pub1"), Lab.ClientNeighbour());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();
}
