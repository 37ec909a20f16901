using System.Text.RegularExpressions;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>
/// A small public network made for one spec: a "switch" namespace with a bridge; a "node" namespace with two
/// interfaces on it (pub0, pub1: the kit's interface and its backup); a "client"; and an "other" machine that
/// can hold the address to provoke duplicate address detection. Names are unique per instance and every
/// namespace is deleted on dispose. Cables are pulled on the switch side, as in the product's lab.
/// </summary>
internal sealed partial class IpLab : IDisposable
{
    public const string Subnet = "10.213.9";
    public const string Vip = Subnet + ".50";
    public const string ClientAddress = Subnet + ".200";
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _namespaces = [];

    public IpLab()
    {
        try
        {
            Add(Switch);
            Ip(Switch, "link", "add", "br0", "type", "bridge");
            Ip(Switch, "link", "set", "br0", "up");
            Add(Node);

            // Two interfaces on one subnet: answer ARP only on the interface holding the address (no "ARP flux"),
            // and do not route through a link without carrier — what the kit's docs ask of such a node.
            Sysctl(Node, "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2", "net.ipv4.conf.all.ignore_routes_with_linkdown=1");
            Attach(Node, "pub0", "sw-n0", Subnet + ".1/24");
            Attach(Node, "pub1", "sw-n1", Subnet + ".101/24");
            Add(Client);
            Attach(Client, "c0", "sw-c0", ClientAddress + "/24");
            Add(Other);
            Attach(Other, "o0", "sw-o0", Subnet + ".250/24");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Switch => $"vkip-{_id}-sw";

    public string Node => $"vkip-{_id}-node";

    public string Client => $"vkip-{_id}-cli";

    public string Other => $"vkip-{_id}-oth";

    /// <summary>The kit host command prefix that runs it "on" the node.</summary>
    public IReadOnlyList<string> OnNode => ["ip", "netns", "exec", Node];

    public static Dictionary<string, string> Parameters(params (string Name, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string> { ["address"] = Vip + "/24", ["interface"] = "pub0", ["backupInterfaces"] = "pub1" };
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    public static void Ip(string ns, params string[] arguments) => Shell.Check("ip", ["-n", ns, .. arguments]);

    /// <summary>The interfaces of <paramref name="ns"/> holding the virtual address.</summary>
    public IReadOnlyList<string> Holders(string ns) =>
        [.. Shell.Check("ip", "-n", ns, "-o", "-4", "addr", "show").Split('\n')
            .Where(line => line.Contains($" {Vip}/", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])];

    public static string Mac(string ns, string nic) => MacPattern().Match(Shell.Check("ip", "-n", ns, "-o", "link", "show", "dev", nic)).Groups["mac"].Value;

    /// <summary>The MAC the client's neighbour table has for the address, or null when it has none.</summary>
    public string? ClientNeighbour(string address = Vip)
    {
        var match = LladdrPattern().Match(Shell.Check("ip", "-n", Client, "neigh", "show", address, "dev", "c0"));
        return match.Success ? match.Groups["mac"].Value : null;
    }

    /// <summary>How many arping processes run inside <paramref name="ns"/> (announcers and probes).</summary>
    public static int Arpings(string ns) =>
        Shell.Check("ip", "netns", "pids", ns).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(pid => Comm(pid) == "arping");

    private static string Comm(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public bool ClientPings(string address = Vip) => Shell.Run("ip", "netns", "exec", Client, "ping", "-n", "-q", "-c", "1", "-W", "1", address).Code == 0;

    /// <summary>Pulls (or plugs back) the switch side of a node interface's cable: the node sees no carrier.</summary>
    public void Cable(string nic, bool up) => Ip(Switch, "link", "set", nic == "pub0" ? "sw-n0" : "sw-n1", up ? "up" : "down");

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            Shell.Run("ip", "netns", "delete", ns);
        }
    }

    private void Add(string ns)
    {
        Shell.Check("ip", "netns", "add", ns);
        _namespaces.Add(ns);
        Ip(ns, "link", "set", "lo", "up");
    }

    private void Attach(string ns, string nic, string outside, string address)
    {
        Ip(Switch, "link", "add", outside, "type", "veth", "peer", "name", nic, "netns", ns);
        Ip(Switch, "link", "set", outside, "master", "br0");
        Ip(Switch, "link", "set", outside, "up");
        Ip(ns, "addr", "add", address, "dev", nic);
        Ip(ns, "link", "set", nic, "up");
    }

    private static void Sysctl(string ns, params string[] settings) => Shell.Check("ip", ["netns", "exec", ns, "sysctl", "-q", "-w", .. settings]);

    [GeneratedRegex("link/ether (?<mac>[0-9a-f:]{17})")]
    private static partial Regex MacPattern();

    [GeneratedRegex("lladdr (?<mac>[0-9a-f:]{17})")]
    private static partial Regex LladdrPattern();
}
