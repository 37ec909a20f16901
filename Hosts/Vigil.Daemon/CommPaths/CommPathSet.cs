using Vigil.Daemon.Configuration;
using Vigil.Engine.Model;
using Vigil.Membership;

namespace Vigil.Daemon.CommPaths;

/// <summary>
/// This node's running comm paths, reconciled to a set of committed paths: the paths this node ends are grouped by
/// (type, local address), one running <see cref="CommPath"/> per group; a group whose peers changed is replaced,
/// a group no longer wanted is stopped, a new one is started. The detector watches exactly the (peer, type) pairs of
/// the set, and frames carry the set's configuration version. One caller at a time (the host's reconcile loop).
/// </summary>
internal sealed class CommPathSet(NodeConfig config, FrameSource frames, HeartbeatSink sink, FailureDetector detector) : IDisposable
{
    private readonly Dictionary<(string Type, string Local), CommPath> _running = [];
    private HashSet<(string Peer, string Type)> _ends = [];
    private byte _nextId;

    /// <summary>The configuration version the running paths match (-1 before the first <see cref="Apply"/>).</summary>
    public long Version { get; private set; } = -1;

    /// <summary>The (peer, type) pairs this node runs now.</summary>
    public IReadOnlyCollection<(string Peer, string Type)> Ends => _ends;

    /// <summary>
    /// Makes the running paths match <paramref name="paths"/> at <paramref name="version"/>. Returns the path ends
    /// started and stopped (e.g. <c>tcp to node2</c>), for the journal.
    /// </summary>
    public (IReadOnlyList<string> Started, IReadOnlyList<string> Stopped) Apply(IEnumerable<CommPathSpec> paths, long version)
    {
        var local = config.LocalNode;
        var mine = paths.Where(p => p.Involves(local)).ToList();
        var ends = mine.Select(p => (p.PeerOf(local), p.Type)).ToHashSet();
        var groups = mine
            .GroupBy(p => (p.Type, Local: p.AddressOf(local)))
            .Select(g => new PathGroup(g.Key.Type, g.Key.Local, [.. g.Select(ToPeer).OfType<PathPeer>().OrderBy(p => p.Name, StringComparer.Ordinal)]))
            .Where(g => g.Peers.Count > 0)
            .ToDictionary(g => (g.Type, g.Local));

        // Version first, so the new paths' first frames carry it; the detector next, so their beats count.
        frames.ConfigVersion = version;
        sink.ChangeVersion(version);
        detector.Reconfigure(ends.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => CommPathSpec.Types.ToList().IndexOf(e.Type)));

        foreach (var (key, running) in _running.Where(r => !groups.TryGetValue(r.Key, out var g) || g.Signature != r.Value.Group.Signature).ToList())
        {
            running.Dispose();
            _running.Remove(key);
        }

        foreach (var type in CommPathSpec.Types)
        {
            foreach (var (key, group) in groups.Where(g => g.Key.Type == type && !_running.ContainsKey(g.Key)))
            {
                CommPath path = group.Type switch
                {
                    "udp" => new UdpPath(group, _nextId++, config, frames, sink),
                    "tcp" => new TcpPath(group, _nextId++, config, frames, sink),
                    _ => new DiskPath(group, _nextId++, config, frames, sink),
                };
                path.Start();
                _running[key] = path;
            }
        }

        var started = ends.Except(_ends).Select(Describe).Order(StringComparer.Ordinal).ToList();
        var stopped = _ends.Except(ends).Select(Describe).Order(StringComparer.Ordinal).ToList();
        _ends = ends;
        Version = version;
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

    private PathPeer? ToPeer(CommPathSpec path)
    {
        var peer = path.PeerOf(config.LocalNode);
        return config.Nodes.FirstOrDefault(n => n.Name == peer) is { } known ? new PathPeer(peer, known.Id, path.AddressOf(peer)) : null;
    }
}
