using System.Globalization;

namespace Vigil.Cli.Lab;

/// <summary>
/// The lab's network when run as root: one network namespace per node, a client namespace, and a switch
/// namespace holding three bridges — two heartbeat networks (10.77.1/24 for udp, 10.77.2/24 for tcp) and the
/// public network 10.77.0/24, where every node has two interfaces (pub0, pub1: the IP kit's backup NIC) — plus a
/// routed second public subnet 10.77.20/24 for nodes placed there (cross-subnet DNS failover), the switch
/// namespace routing between the two. Faults act on the switch side of each node's links, as pulling cables.
/// </summary>
internal sealed class LabNetwork(string labId)
{
    public const string Heartbeat1 = "10.77.1";
    public const string Heartbeat2 = "10.77.2";
    public const string Public = "10.77.0";
    public const string Public2 = "10.77.20";

    public string Switch => $"{labId}-sw";

    public string Client => $"{labId}-client";

    public string Namespace(string node) => $"{labId}-{node}";

    public static int Index(string node) => int.Parse(node.AsSpan(4), CultureInfo.InvariantCulture);

    public static string HeartbeatAddress(string net, string node) => $"{net}.{Index(node)}";

    public static string PublicAddress(LabNode node, int nic) =>
        $"{(node.Subnet2 ? Public2 : Public)}.{Index(node.Name) + (nic * 100)}";

    public void Create(IReadOnlyList<LabNode> nodes)
    {
        Shell.Run("ip", "netns", "add", Switch);
        Ip(Switch, "link", "set", "lo", "up");
        foreach (var br in new[] { "br-hb1", "br-hb2", "br-pub", "br-pub2" })
        {
            Ip(Switch, "link", "add", br, "type", "bridge");
            Ip(Switch, "link", "set", br, "up");
        }

        Ip(Switch, "addr", "add", $"{Public}.254/24", "dev", "br-pub");
        Ip(Switch, "addr", "add", $"{Public2}.254/24", "dev", "br-pub2");
        Shell.Run("ip", "netns", "exec", Switch, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");

        foreach (var node in nodes)
        {
            AddNode(node);
        }

        Shell.Run("ip", "netns", "add", Client);
        Ip(Client, "link", "set", "lo", "up");
        Attach(Client, "client", "pub0", "br-pub", $"{Public}.200/24");
        Ip(Client, "route", "add", "default", "via", $"{Public}.254", "dev", "pub0");
    }

    /// <summary>A node's namespace and its cables to the switch (at creation, or for a node added to a running lab).</summary>
    public void AddNode(LabNode node)
    {
        var ns = Namespace(node.Name);
        Shell.Run("ip", "netns", "add", ns);
        Ip(ns, "link", "set", "lo", "up");
        OneOwnerPerAddress(ns);
        Attach(ns, node.Name, "hb1", "br-hb1", $"{HeartbeatAddress(Heartbeat1, node.Name)}/24");
        Attach(ns, node.Name, "hb2", "br-hb2", $"{HeartbeatAddress(Heartbeat2, node.Name)}/24");
        var pub = node.Subnet2 ? "br-pub2" : "br-pub";
        Attach(ns, node.Name, "pub0", pub, $"{PublicAddress(node, 0)}/24");
        Attach(ns, node.Name, "pub1", pub, $"{PublicAddress(node, 1)}/24");
        Ip(ns, "route", "add", "default", "via", $"{(node.Subnet2 ? Public2 : Public)}.254", "dev", "pub0");
    }

    /// <summary>
    /// A node that starts again after a crash stands for a rebooted machine: the addresses its kits had added (a
    /// virtual IP) do not survive a reboot, so only the base addresses stay; then its cables go back in.
    /// </summary>
    public void Boot(string node)
    {
        foreach (var nic in new[] { "pub0", "pub1" })
        {
            Ip(Namespace(node), "addr", "flush", "dev", nic, "secondary");
            Ip(Namespace(node), "link", "set", nic, "up");
        }

        SetLinks(node, up: true);
    }

    /// <summary>Brings every switch-side link of a node down (crash, cut all) or up (restart, heal).</summary>
    public void SetLinks(string node, bool up, params string[] which)
    {
        foreach (var link in which.Length == 0 ? SwitchLinks(node) : which.Select(nic => $"{Short(node)}-{nic}"))
        {
            Ip(Switch, "link", "set", link, up ? "up" : "down");
        }
    }

    /// <summary>The switch-side ends of every cable of a node (what a crash pulls).</summary>
    public static string[] SwitchLinks(string node) => [.. new[] { "hb1", "hb2", "pub0", "pub1" }.Select(nic => $"{Short(node)}-{nic}")];

    /// <summary>Drops all traffic between two groups of nodes (blackhole routes both ways on every network).</summary>
    public void Partition(IReadOnlyList<LabNode> a, IReadOnlyList<LabNode> b, bool heal)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                Blackhole(x, y, heal);
                Blackhole(y, x, heal);
            }
        }
    }

    public void Destroy(IEnumerable<string> nodes)
    {
        foreach (var ns in nodes.Select(Namespace).Append(Client).Append(Switch))
        {
            Shell.TryRun("ip", "netns", "del", ns);
        }
    }

    public static void Ip(string ns, params string[] args) => Shell.Run("ip", ["-n", ns, .. args]);

    /// <summary>
    /// Two NICs on one subnet (pub0, pub1): without these each would answer ARP for an address the other holds
    /// ("ARP flux", two MACs for one virtual IP) and replies could leave through a NIC whose cable is pulled. Set
    /// before the NICs exist, so <c>default</c> covers them too. The ip kit's page (docs/kits/ip.md) asks the same of real nodes.
    /// </summary>
    private static void OneOwnerPerAddress(string ns)
    {
        foreach (var scope in new[] { "all", "default" })
        {
            Shell.Run(
                "ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                $"net.ipv4.conf.{scope}.arp_ignore=1", $"net.ipv4.conf.{scope}.arp_announce=2", $"net.ipv4.conf.{scope}.ignore_routes_with_linkdown=1");
        }
    }

    private static string Short(string node) => "n" + Index(node).ToString(CultureInfo.InvariantCulture);

    private void Attach(string ns, string node, string nic, string bridge, string address)
    {
        var outside = node == "client" ? $"cl-{nic}" : $"{Short(node)}-{nic}";
        Ip(Switch, "link", "add", outside, "type", "veth", "peer", "name", nic, "netns", ns);
        Ip(Switch, "link", "set", outside, "master", bridge);
        Ip(Switch, "link", "set", outside, "up");
        Ip(ns, "addr", "add", address, "dev", nic);
        Ip(ns, "link", "set", nic, "up");
    }

    private void Blackhole(LabNode from, LabNode to, bool heal)
    {
        var targets = new[]
        {
            HeartbeatAddress(Heartbeat1, to.Name), HeartbeatAddress(Heartbeat2, to.Name), PublicAddress(to, 0), PublicAddress(to, 1),
        };
        foreach (var t in targets)
        {
            if (heal)
            {
                Shell.TryRun("ip", "-n", Namespace(from.Name), "route", "del", "blackhole", $"{t}/32");
            }
            else
            {
                Shell.TryRun("ip", "-n", Namespace(from.Name), "route", "add", "blackhole", $"{t}/32");
            }
        }
    }
}
