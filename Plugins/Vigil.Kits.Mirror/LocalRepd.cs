using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>
/// This node's vigil-repd as vigild describes it to its kits: <c>VIGIL_REPD_DIR</c> names the driver's directory,
/// which holds its control socket, the peer addresses from the cluster configuration (<c>nodes</c>) and the copies
/// marked outdated through consensus (<c>outdated</c>), both rewritten by vigild.
/// </summary>
internal sealed class LocalRepd
{
    public const string EnvironmentVariable = "VIGIL_REPD_DIR";

    private LocalRepd(string directory)
    {
        Directory = directory;
        Client = new MirrorControlClient(Path.Combine(directory, "control.sock"));
    }

    public string Directory { get; }

    public MirrorControlClient Client { get; }

    /// <summary>The node's driver, or null with the reason when vigild runs none.</summary>
    public static (LocalRepd? Repd, string? Problem) Find(string node)
    {
        var dir = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(dir)
            ? (null, $"node '{node}' runs no vigil-repd (set [cluster] mirror-port in its vigild configuration)")
            : (new LocalRepd(dir), null);
    }

    public string ExportSocket(string mirror) => Path.Combine(Directory, "export-" + mirror + ".nbd");

    public string AttachDirectory(string mirror) => Path.Combine(Directory, "attach", mirror);

    /// <summary>Node name → vigil-repd peer address, from the <c>nodes</c> file (<c>NAME ADDRESS</c> per line).</summary>
    public IReadOnlyDictionary<string, string> PeerAddresses()
    {
        var file = Path.Combine(Directory, "nodes");
        return !File.Exists(file)
            ? new Dictionary<string, string>()
            : File.ReadAllLines(file).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// The committed outdate mark on <paramref name="node"/>'s copy of <paramref name="mirror"/>: when, by whom and why
    /// (empty when vigild wrote no detail), or null when the copy is not marked. Lines are <c>MIRROR@NODE[TAB DETAIL]</c>.
    /// </summary>
    public string? OutdateMark(string mirror, string node)
    {
        var file = Path.Combine(Directory, "outdated");
        if (!File.Exists(file))
        {
            return null;
        }

        var copy = mirror + "@" + node;
        foreach (var line in File.ReadAllLines(file))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if ((tab < 0 ? line : line[..tab]) == copy)
            {
                return tab < 0 ? string.Empty : line[(tab + 1)..];
            }
        }

        return null;
    }

    /// <summary>The mirror's status here, or null when this node's driver does not know it yet.</summary>
    public async Task<MirrorStatus?> StatusAsync(string mirror, CancellationToken token)
    {
        var all = await Client.StatusAsync(token);
        return all.FirstOrDefault(m => m.Name == mirror);
    }

    /// <summary>Creates this node's copy when the driver does not have it (idempotent: an identical spec is accepted).</summary>
    public async Task<MirrorStatus> EnsureAsync(MirrorSettings settings, string node, CancellationToken token) =>
        await StatusAsync(settings.Mirror, token) ?? await Client.CreateAsync(settings.SpecFor(node, this), token);
}
