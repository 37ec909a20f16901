using System.Globalization;
using Vigil.Engine.State;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.Mirror;

/// <summary>
/// Extending a <c>mirror</c> resource creates the copy: for every mirror resource with an instance on this node, the
/// watch gives its driver the mirror's spec (the same one the mirror kit builds: parameters, the peer addresses of
/// the configuration, the local volume). A new copy's first connection is a full resync; an existing one is left as
/// it is (the driver accepts an identical spec and refuses a different one, which is logged).
/// </summary>
internal sealed partial class MirrorWatch
{
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _addresses = new Dictionary<string, string>();

    /// <summary>
    /// Node name → vigil-repd peer address: every member the host knows, replaced (never changed in place) when a node
    /// joins, so a mirror naming the new node gets its copy without a restart.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Addresses
    {
        get => Volatile.Read(ref _addresses);
        set => Volatile.Write(ref _addresses, value);
    }

    private async Task EnsureCopiesAsync(IReadOnlyList<MirrorStatus> known, CancellationToken stopping)
    {
        var wanted = await replicated.ReadAsync(s => s.Resources.Values
            .Where(r => r.Type == "mirror" && r.Instances.ContainsKey(node) && !_created.Contains(r.Tag))
            .Select(r => (r.Tag, Spec: SpecOf(r)))
            .ToList());
        foreach (var (tag, spec) in wanted)
        {
            if (spec is null || known.Any(m => m.Name == spec.Name))
            {
                _created.Add(tag);
                continue;
            }

            try
            {
                var created = await driver.CreateAsync(spec, stopping);
                Log.Fence(logger, spec.Name, $"copy created for resource {tag} ({created.Role.ToString().ToLowerInvariant()}, {created.Disk.ToString().ToLowerInvariant()})");
                _created.Add(tag);
            }
            catch (ControlException ex)
            {
                Log.Fence(logger, spec.Name, $"cannot create the copy for resource {tag}: {ex.Message}");
            }
        }
    }

    private MirrorSpec? SpecOf(ResourceInfo r)
    {
        var p = r.Parameters;
        if (!p.TryGetValue("mirror", out var name) || !p.TryGetValue("nodes", out var list) || !p.TryGetValue("sizeMiB", out var size)
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var mib))
        {
            return null; // the kit's validate names what is wrong
        }

        var nodes = list.Split(',');
        var addresses = Addresses;
        if (!nodes.Contains(node, StringComparer.Ordinal) || nodes.Any(n => !addresses.ContainsKey(n)))
        {
            return null;
        }

        var volume = p.TryGetValue("volume", out var v) ? v.Replace("{node}", node, StringComparison.Ordinal) : Path.Combine(directory, "volumes", name + ".img");
        Directory.CreateDirectory(Path.GetDirectoryName(volume)!);
        return new MirrorSpec(name, volume, mib << 20, p.GetValueOrDefault("mode", "sync") == "async" ? MirrorMode.Async : MirrorMode.Sync, nodes[0],
            [.. nodes.Select(n => new MirrorNode(n, addresses[n]))], ExportUnixSocket: Path.Combine(directory, "export-" + name + ".nbd"));
    }
}
