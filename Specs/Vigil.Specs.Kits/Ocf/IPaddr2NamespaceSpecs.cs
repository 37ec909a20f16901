using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ocf;

/// <summary>
/// ocf:heartbeat:IPaddr2, unchanged, through a real vigil-kithost started inside a network namespace
/// made for this spec (a veth pair, 10.x addresses that exist only there); the namespace is always deleted.
/// </summary>
public sealed class IPaddr2NamespaceSpecs : IDisposable
{
    private const string Nic = "vk0";
    private const string VirtualIp = "10.213.7.10";
    private readonly string _namespace = "vigil-kits-test-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _rscTmp = Directory.CreateTempSubdirectory("vigil-ipaddr2-").FullName;

    public IPaddr2NamespaceSpecs()
    {
        Shell.Check("ip", "netns", "add", _namespace);
        try
        {
            // A veth pair with both ends inside the namespace (the dummy driver is not in every kernel).
            Shell.Check("ip", "-n", _namespace, "link", "set", "lo", "up");
            Shell.Check("ip", "-n", _namespace, "link", "add", Nic, "type", "veth", "peer", "name", Nic + "p");
            Shell.Check("ip", "-n", _namespace, "link", "set", Nic + "p", "up");
            Shell.Check("ip", "-n", _namespace, "link", "set", Nic, "up");
            Shell.Check("ip", "-n", _namespace, "addr", "add", "10.213.7.1/24", "dev", Nic);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private string Addresses() => Shell.Check("ip", "-n", _namespace, "-o", "-4", "addr", "show", "dev", Nic);

    [Fact]
    public async Task RestoreAndRemove_IPaddr2InNamespace_AddressComesAndGoesAndChecksFollow()
    {
        using var kits = new TempKits("Vigil.Kits.Ocf");
        await using var client = kits.Client(["ip", "netns", "exec", _namespace]);
        var parameters = new Dictionary<string, string>
        {
            ["agent"] = "heartbeat:IPaddr2", ["rscTmp"] = _rscTmp, ["ip"] = VirtualIp, ["cidr_netmask"] = "24", ["nic"] = Nic,
        };
        KitActionRequest Run(KitAction action) => Requests.Run("ocf", action, "vip", parameters, TimeSpan.FromSeconds(20));

        Assert.Equal(CheckState.NotRunning, (await client.RunAsync(Run(KitAction.QuickCheck), Requests.Deadline())).Check);
        var restore = await client.RunAsync(Run(KitAction.Restore), Requests.Deadline());
        Assert.True(restore.Succeeded, restore.ExitReason);
        Assert.Contains($"inet {VirtualIp}/24", Addresses(), StringComparison.Ordinal);
        Assert.True((await client.RunAsync(Run(KitAction.Restore), Requests.Deadline())).Succeeded);
        Assert.Equal(CheckState.Healthy, (await client.RunAsync(Run(KitAction.QuickCheck), Requests.Deadline())).Check);

        var remove = await client.RunAsync(Run(KitAction.Remove), Requests.Deadline());
        Assert.True(remove.Succeeded, remove.ExitReason);
        Assert.DoesNotContain(VirtualIp, Addresses(), StringComparison.Ordinal);
        Assert.Equal(CheckState.NotRunning, (await client.RunAsync(Run(KitAction.QuickCheck), Requests.Deadline())).Check);
    }

    public void Dispose()
    {
        Shell.Run("ip", "netns", "delete", _namespace);
        Directory.Delete(_rscTmp, recursive: true);
    }
}
