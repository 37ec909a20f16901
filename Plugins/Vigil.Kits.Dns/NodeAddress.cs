using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Vigil.Kits.Dns;

/// <summary>
/// This node's address for the record. Parameters are the same on every node a resource is extended to, so the
/// per-node value comes from the <c>addresses</c> map (keyed by the node's name) or from a named interface.
/// </summary>
internal static class NodeAddress
{
    /// <summary>The address, or why there is none (a configuration problem on this node).</summary>
    public static (IPAddress? Address, string? Problem) For(DnsSettings settings, string node)
    {
        if (settings.Interface is null)
        {
            return settings.Addresses.TryGetValue(node, out var mapped)
                ? (mapped, null)
                : (null, $"parameter '{DnsDefinition.Addresses}' has no entry for node '{node}' (it names {string.Join(", ", settings.Addresses.Keys.Order(StringComparer.Ordinal))}); add {node}=ADDRESS");
        }

        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == settings.Interface);
        if (nic is null)
        {
            return (null, $"parameter '{DnsDefinition.Interface}': interface '{settings.Interface}' does not exist on node '{node}'");
        }

        var address = nic.GetIPProperties().UnicastAddresses
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == settings.Family && IsGlobal(a));
        return address is null
            ? (null, $"interface '{settings.Interface}' on node '{node}' has no {(settings.Family == AddressFamily.InterNetwork ? "IPv4" : "global IPv6")} address for the {settings.RecordType} record")
            : (address, null);
    }

    private static bool IsGlobal(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast);
}
