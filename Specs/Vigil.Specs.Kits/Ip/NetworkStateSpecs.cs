using System.Net;
using Vigil.Kits.Ip;

namespace Vigil.Specs.Kits.Ip;

/// <summary>Parsing of <c>ip -o</c> output: veth/VLAN names, carrier versus administrative state, secondaries.</summary>
public sealed class NetworkStateSpecs
{
    private const string Addresses =
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n" +
        "2: pub0    inet 10.0.0.1/24 brd 10.0.0.255 scope global pub0\\       valid_lft forever preferred_lft forever\n" +
        "2: pub0    inet 10.0.0.50/24 brd 10.0.0.255 scope global secondary pub0\\       valid_lft forever preferred_lft forever\n" +
        "4: eth0.10    inet 10.0.10.50/16 scope global eth0.10\\       valid_lft forever preferred_lft forever\n";

    private const string Links =
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" +
        "2: pub0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 6e:1b:39:f1:f5:c1 brd ff:ff:ff:ff:ff:ff link-netns sw\n" +
        "3: pub1@if9: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\\    link/ether 6e:1b:39:f1:f5:c2 brd ff:ff:ff:ff:ff:ff link-netns sw\n" +
        "4: eth0.10@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 6e:1b:39:f1:f5:c3 brd ff:ff:ff:ff:ff:ff\n";

    private static readonly NetworkState State = NetworkState.Parse(Addresses, Links);

    [Fact]
    public void Holders_SecondaryAddress_FoundWithItsPrefixOnItsInterface() =>
        Assert.Equal([("pub0", "10.0.0.50/24")], State.Holders(IPAddress.Parse("10.0.0.50")));

    [Fact]
    public void Holders_VlanInterface_NamedWithoutItsParent() =>
        Assert.Equal([("eth0.10", "10.0.10.50/16")], State.Holders(IPAddress.Parse("10.0.10.50")));

    [Fact]
    public void Holders_AbsentAddress_Empty() => Assert.Empty(State.Holders(IPAddress.Parse("10.0.0.51")));

    [Theory]
    [InlineData("pub0", "pub0: up")]
    [InlineData("pub1", "pub1: no carrier (cable or peer down)")]
    [InlineData("eth0.10", "eth0.10: link administratively down")]
    [InlineData("pub9", "pub9: does not exist on this node")]
    public void Describe_EachLinkState_SaysWhatIsWrong(string name, string expected) => Assert.Equal(expected, State.Describe(name));

    [Fact]
    public void Link_UpWithoutCarrier_IsNotUsable()
    {
        Assert.True(State.Link("pub0")!.IsUp);
        Assert.False(State.Link("pub1")!.IsUp);
        Assert.False(State.Link("eth0.10")!.IsUp);
    }
}
