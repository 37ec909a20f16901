using System.Net;

namespace Vigil.Kits.Ip;

/// <summary>
/// This node's IPv4 addresses and links, read with <c>ip -o -4 addr show</c> and <c>ip -o link show</c>
/// (one line per entry, stable across iproute2 versions).
/// </summary>
internal sealed class NetworkState
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
    private readonly List<(string Interface, string Cidr, IPAddress Address)> _addresses = [];
    private readonly Dictionary<string, LinkState> _links = new(StringComparer.Ordinal);

    /// <summary>The interfaces holding <paramref name="address"/> with the address as configured there (<c>10.0.0.50/24</c>).</summary>
    public IReadOnlyList<(string Interface, string Cidr)> Holders(IPAddress address) =>
        [.. _addresses.Where(a => a.Address.Equals(address)).Select(a => (a.Interface, a.Cidr))];

    /// <summary>The interface's link, or null when no such interface exists.</summary>
    public LinkState? Link(string name) => _links.GetValueOrDefault(name);

    /// <summary>"eth0: no carrier" or "eth0: does not exist".</summary>
    public string Describe(string name) => Link(name) is { } link ? $"{name}: {link.Problem}" : $"{name}: does not exist on this node";

    /// <summary>Reads both tables; when a command fails the state is null and the error says why (with its stderr).</summary>
    public static async Task<(NetworkState? State, string Error)> ReadAsync(IpCommands commands, CancellationToken token)
    {
        var addresses = commands.RunAsync("ip", ["-o", "-4", "addr", "show"], Limit, token);
        var links = commands.RunAsync("ip", ["-o", "link", "show"], Limit, token);
        foreach (var result in new[] { await addresses.ConfigureAwait(false), await links.ConfigureAwait(false) })
        {
            if (!result.Succeeded)
            {
                return (null, "could not read this node's network state: " + result.Describe());
            }
        }

        return (Parse((await addresses.ConfigureAwait(false)).Output, (await links.ConfigureAwait(false)).Output), "");
    }

    /// <summary>Parses the two outputs (public for specs).</summary>
    public static NetworkState Parse(string addressOutput, string linkOutput)
    {
        var state = new NetworkState();
        foreach (var fields in Lines(addressOutput))
        {
            // "2: eth0    inet 10.0.0.50/24 brd 10.0.0.255 scope global secondary eth0\ ..."
            if (fields.Length >= 4 && fields[2] == "inet" && IPAddress.TryParse(fields[3].Split('/')[0], out var address))
            {
                state._addresses.Add((InterfaceName(fields[1]), fields[3], address));
            }
        }

        foreach (var fields in Lines(linkOutput))
        {
            // "2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ... state UP ..."
            if (fields.Length >= 3 && fields[2].StartsWith('<'))
            {
                var flags = fields[2].Trim('<', '>').Split(',');
                state._links[InterfaceName(fields[1].TrimEnd(':'))] = new LinkState(InterfaceName(fields[1].TrimEnd(':')), flags.Contains("UP"), flags.Contains("LOWER_UP"));
            }
        }

        return state;
    }

    // veth and VLAN interfaces print as "eth0@if3" / "eth0.10@eth0": the name is before the '@'.
    private static string InterfaceName(string field) => field.Split('@')[0];

    private static IEnumerable<string[]> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
