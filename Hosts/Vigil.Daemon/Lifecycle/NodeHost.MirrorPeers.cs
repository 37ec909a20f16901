using Vigil.Daemon.Configuration;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// The vigil-repd peer addresses this node gives its mirrors: every member it knows (the file's and those of committed
/// joins; witnesses hold no copies). A node added by <c>vigil cluster join</c> can hold a copy at once: the mirror
/// kit reads the <c>nodes</c> file at each action and the mirror watch its table at each extension, so both follow a
/// join without a restart. The joining node itself starts knowing only itself and learns the others the same way.
/// </summary>
internal sealed partial class NodeHost
{
    private readonly Lock _mirrorPeersLock = new();

    private Dictionary<string, string> MirrorPeers(MirrorSettings mirror) =>
        (_members?.All ?? config.Nodes).Where(n => !n.Witness).ToDictionary(n => n.Name, mirror.AddressOf, StringComparer.Ordinal);

    /// <summary>Rewrites <c>nodes</c> (atomically: a kit reading it never sees half a file) and the watch's table.</summary>
    private void WriteMirrorPeers(MirrorSettings mirror)
    {
        lock (_mirrorPeersLock)
        {
            var peers = MirrorPeers(mirror);
            var file = Path.Combine(mirror.Directory, "nodes");
            File.WriteAllLines(file + ".new", peers.Select(p => $"{p.Key} {p.Value}"));
            File.Move(file + ".new", file, overwrite: true);
            if (_mirrorWatch is not null)
            {
                _mirrorWatch.Addresses = peers;
            }
        }
    }
}
