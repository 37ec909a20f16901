using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Dns;

/// <summary>One <c>dns</c> resource's parameters, checked and parsed. Names are kept fully qualified (trailing dot).</summary>
internal sealed record DnsSettings
{
    public required string Zone { get; init; }

    public required string Name { get; init; }

    public required string RecordType { get; init; }

    public required DnsServerAddress Server { get; init; }

    public required string KeyName { get; init; }

    public required string Algorithm { get; init; }

    public required string SecretFile { get; init; }

    public required int Ttl { get; init; }

    public required string StateDir { get; init; }

    public required bool RemoveRecord { get; init; }

    /// <summary>Per-node addresses from <c>addresses</c>, or empty when <see cref="Interface"/> is used.</summary>
    public required IReadOnlyDictionary<string, IPAddress> Addresses { get; init; }

    public string? Interface { get; init; }

    public AddressFamily Family => RecordType == "AAAA" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>How the record is named in exit reasons: <c>app.example.com. A at 192.0.2.53:53 (zone example.com., key vigil)</c>.</summary>
    public string Describe() => $"{Name} {RecordType} at {Server} (zone {Zone}, key {KeyName})";

    /// <summary>Parses parameters (defaults applied); every error names the parameter and its value.</summary>
    public static (DnsSettings? Settings, IReadOnlyList<string> Errors) Parse(ResourceTypeDefinition definition, IReadOnlyDictionary<string, string> parameters)
    {
        var errors = definition.Validate(parameters).ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var zone = Absolute(parameters[DnsDefinition.Zone]);
        var name = Absolute(parameters[DnsDefinition.Name]);
        if (!name.Equals(zone, StringComparison.OrdinalIgnoreCase) && !name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"parameter '{DnsDefinition.Name}': '{parameters[DnsDefinition.Name]}' is not inside zone '{zone}'");
        }

        var type = parameters[DnsDefinition.Type];
        var family = type == "AAAA" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var hasMap = parameters.TryGetValue(DnsDefinition.Addresses, out var map) && map.Length > 0;
        var hasInterface = parameters.TryGetValue(DnsDefinition.Interface, out var nic) && nic.Length > 0;
        if (hasMap == hasInterface)
        {
            errors.Add($"give exactly one of parameters '{DnsDefinition.Addresses}' (node=address,...) and '{DnsDefinition.Interface}'" +
                       (hasMap ? $" (both are set: '{map}' and '{nic}')" : " (neither is set)"));
        }

        var addresses = hasMap ? ParseAddresses(map!, family, type, errors) : new Dictionary<string, IPAddress>();
        var server = DnsServerAddress.TryParse(parameters[DnsDefinition.Server], out var parsed)
            ? parsed
            : null;
        if (server is null)
        {
            errors.Add($"parameter '{DnsDefinition.Server}': '{parameters[DnsDefinition.Server]}' is not host, host:port or [IPv6]:port");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new DnsSettings
        {
            Zone = zone,
            Name = name,
            RecordType = type,
            Server = server!,
            KeyName = parameters[DnsDefinition.KeyName].TrimEnd('.'),
            Algorithm = parameters[DnsDefinition.Algorithm],
            SecretFile = parameters[DnsDefinition.SecretFile],
            Ttl = int.Parse(parameters[DnsDefinition.Ttl], CultureInfo.InvariantCulture),
            StateDir = parameters[DnsDefinition.StateDir],
            RemoveRecord = bool.Parse(parameters[DnsDefinition.RemoveRecord]),
            Addresses = addresses,
            Interface = hasInterface ? nic : null,
        }, errors);
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    private static Dictionary<string, IPAddress> ParseAddresses(string map, AddressFamily family, string type, List<string> errors)
    {
        var result = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        foreach (var entry in map.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = entry.IndexOf('=', StringComparison.Ordinal);
            var node = at > 0 ? entry[..at].Trim() : "";
            var text = at > 0 ? entry[(at + 1)..].Trim() : "";
            if (node.Length == 0 || text.Length == 0)
            {
                errors.Add($"parameter '{DnsDefinition.Addresses}': entry '{entry}' is not node=address");
            }
            else if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != family)
            {
                errors.Add($"parameter '{DnsDefinition.Addresses}': '{text}' (node '{node}') is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, as type {type} needs");
            }
            else if (!result.TryAdd(node, address))
            {
                errors.Add($"parameter '{DnsDefinition.Addresses}': node '{node}' is given twice");
            }
        }

        if (result.Count == 0 && errors.Count == 0)
        {
            errors.Add($"parameter '{DnsDefinition.Addresses}': '{map}' holds no node=address entry");
        }

        return result;
    }
}
