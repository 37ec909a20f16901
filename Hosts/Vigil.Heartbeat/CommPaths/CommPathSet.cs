using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// This node's running comm paths, reconciled to a set of committed paths: the paths this node ends are grouped by
/// (type, local address), one running <see cref="CommPath"/> per group; a group whose peers changed is replaced,
/// a group no longer wanted is stopped, a new one is started. The detector watches exactly the (peer, type) pairs of
/// the set, and frames carry the set's configuration version. One caller at a time (the process's input reader).
/// </summary>
internal sealed class CommPathSet(HeartbeatPlan plan, FrameSource frames, HeartbeatSink sink, FailureDetector detector) : IDisposable
{
    private static readonly string[] Types = ["udp", "tcp", "disk"];

    private readonly Dictionary<(string Type, string Local), CommPath> _running = [];
    private HashSet<(string Peer, string Type)> _ends = [];
    private byte _nextId;

    /// <summary>The configuration version the running paths match (-1 before the first <see cref="Apply"/>).</summary>
    public long Version { get; private set; } = -1;

    /// <summary>The paths the plan starts with: every peer on every path type of the configuration file.</summary>
    public static IReadOnlyList<PlanPath> FromPlan(HeartbeatPlan plan) =>
        [.. plan.Peers.SelectMany(peer => plan.Paths.Select(type => new PlanPath(type, peer.Name, AddressOf(plan.Local, type), AddressOf(peer, type))))];

    /// <summary>
    /// Makes the running paths match <paramref name="paths"/> at <paramref name="version"/>. Returns the path ends
    /// started and stopped (e.g. <c>tcp to node2</c>), for the journal. A path that cannot open throws (socket or
    /// I/O error); the paths opened before it run, and the next plan retries the rest.
    /// </summary>
    public (IReadOnlyList<string> Started, IReadOnlyList<string> Stopped) Apply(IEnumerable<PlanPath> paths, long version)
    {
        var mine = paths.Where(p => Array.IndexOf(Types, p.Type) >= 0 && p.Peer != plan.Local.Name).ToList();
        var ends = mine.Select(p => (p.Peer, p.Type)).ToHashSet();
        var groups = mine
            .GroupBy(p => (p.Type, p.Local))
            .Select(g => new PathGroup(g.Key.Type, g.Key.Local, [.. g.Select(ToPeer).OfType<PathPeer>().OrderBy(p => p.Name, StringComparer.Ordinal)]))
            .Where(g => g.Peers.Count > 0)
            .ToDictionary(g => (g.Type, g.Local));

        // Version first, so the new paths' first frames carry it; the detector next, so their beats count.
        frames.ConfigVersion = version;
        sink.ChangeVersion(version);
        detector.Reconfigure(ends.OrderBy(e => e.Peer, StringComparer.Ordinal).ThenBy(e => Array.IndexOf(Types, e.Type)));

        foreach (var (key, running) in _running.Where(r => !groups.TryGetValue(r.Key, out var g) || g.Signature != r.Value.Group.Signature).ToList())
        {
            running.Dispose();
            _running.Remove(key);
        }

        var started = ends.Except(_ends).Select(Describe).Order(StringComparer.Ordinal).ToList();
        var stopped = _ends.Except(ends).Select(Describe).Order(StringComparer.Ordinal).ToList();
        _ends = ends;
        Version = version;
        foreach (var type in Types)
        {
            foreach (var (key, group) in groups.Where(g => g.Key.Type == type && !_running.ContainsKey(g.Key)))
            {
                CommPath path = group.Type switch
                {
                    "udp" => new UdpPath(group, _nextId++, plan, frames, sink),
                    "tcp" => new TcpPath(group, _nextId++, plan, frames, sink),
                    _ => new DiskPath(group, _nextId++, plan, frames, sink),
                };
                try
                {
                    path.Start();
                }
                catch
                {
                    path.Dispose();
                    Version = -1; // not applied: the same plan again must retry
                    throw;
                }

                _running[key] = path;
            }
        }

        return (started, stopped);
    }

    public void Dispose()
    {
        foreach (var p in _running.Values.Reverse())
        {
            p.Dispose();
        }

        _running.Clear();
    }

    private static string Describe((string Peer, string Type) end) => $"{end.Type} to {end.Peer}";

    private static string AddressOf(PlanNode node, string type) => type switch
    {
        "udp" => node.Udp?.ToString() ?? string.Empty,
        "tcp" => node.Tcp?.ToString() ?? string.Empty,
        _ => node.Disk ?? string.Empty,
    };

    private PathPeer? ToPeer(PlanPath path)
    {
        if (plan.Nodes.FirstOrDefault(n => n.Name == path.Peer) is { } known)
        {
            return new PathPeer(path.Peer, known.Id, path.Remote);
        }

        if (path.PeerId < 0)
        {
            return null; // a peer nobody named: its frames could not be told apart
        }

        // A node that joined since this process started: its frames are accepted from now on.
        sink.Learn((ushort)path.PeerId, path.Peer);
        return new PathPeer(path.Peer, (ushort)path.PeerId, path.Remote);
    }
}
