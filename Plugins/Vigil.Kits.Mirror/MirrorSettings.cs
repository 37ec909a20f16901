using System.Globalization;
using Vigil.Plugins.Abstractions;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>One <c>mirror</c> resource's parameters, checked and parsed.</summary>
internal sealed record MirrorSettings
{
    public required string Mirror { get; init; }

    public required IReadOnlyList<string> Nodes { get; init; }

    public required long SizeBytes { get; init; }

    public required MirrorMode Mode { get; init; }

    /// <summary>The volume path as given (may hold <c>{node}</c>), or null for the default under the driver's directory.</summary>
    public string? Volume { get; init; }

    public string? Device { get; init; }

    public string VolumeFor(string node, LocalRepd repd) =>
        Volume?.Replace("{node}", node, StringComparison.Ordinal) ?? Path.Combine(repd.Directory, "volumes", Mirror + ".img");

    public static (MirrorSettings? Settings, IReadOnlyList<string> Errors) Parse(ResourceTypeDefinition definition, IReadOnlyDictionary<string, string> parameters)
    {
        var errors = definition.Validate(parameters).ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var nodes = parameters[MirrorDefinition.Nodes].Split(',');
        if (nodes.Distinct(StringComparer.Ordinal).Count() != nodes.Length)
        {
            errors.Add($"parameter '{MirrorDefinition.Nodes}': '{parameters[MirrorDefinition.Nodes]}' names a node twice");
        }

        var device = parameters.GetValueOrDefault(MirrorDefinition.Device);
        if (device is not null && (!device.StartsWith("/dev/", StringComparison.Ordinal) || device.Split('/').Any(p => p is "." or "..")))
        {
            errors.Add($"parameter '{MirrorDefinition.Device}': '{device}' is not a plain path under /dev");
        }

        return errors.Count > 0 ? (null, errors) : (new MirrorSettings
        {
            Mirror = parameters[MirrorDefinition.Mirror],
            Nodes = nodes,
            SizeBytes = long.Parse(parameters[MirrorDefinition.SizeMiB], CultureInfo.InvariantCulture) << 20,
            Mode = parameters.GetValueOrDefault(MirrorDefinition.Mode, "sync") == "async" ? MirrorMode.Async : MirrorMode.Sync,
            Volume = parameters.GetValueOrDefault(MirrorDefinition.Volume),
            Device = device,
        }, errors);
    }

    /// <summary>The spec this node gives its vigil-repd: the same on every node but for the local volume.</summary>
    public MirrorSpec SpecFor(string node, LocalRepd repd)
    {
        var addresses = repd.PeerAddresses();
        var missing = Nodes.Where(n => !addresses.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"node(s) {string.Join(", ", missing)} have no vigil-repd address in the cluster configuration ([cluster] mirror-port)");
        }

        return new MirrorSpec(Mirror, VolumeFor(node, repd), SizeBytes, Mode, Nodes[0], [.. Nodes.Select(n => new MirrorNode(n, addresses[n]))],
            ExportUnixSocket: repd.ExportSocket(Mirror));
    }
}
