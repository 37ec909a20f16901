using System.Text.RegularExpressions;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Lab;

/// <summary>
/// Mirroring in the namespace lab: turns it on in every node's configuration (<c>[cluster] mirror-port</c>, a shared
/// secret), reads each node's vigil-repd through its control socket (a file: reachable from the host), and cleans up
/// what a crash leaves behind (loop devices on dead nbdfuse files, the /dev link).
/// </summary>
internal sealed class MirrorLab(LabCluster lab) : IDisposable
{
    public const int Port = 7789;

    /// <summary>A /dev link unique to this lab (block devices and /dev are shared by every lab node, as a SAN's would be).</summary>
    public string Device { get; } = "/dev/vigil-lab-" + Guid.NewGuid().ToString("N")[..8];

    private string Secret => Path.Combine(lab.Dir, "mirror.secret");

    public void Enable()
    {
        File.WriteAllBytes(Secret, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var n in lab.Nodes)
        {
            EnableOn(n);
        }
    }

    /// <summary>Turns mirroring on in one node's configuration (a node added after <see cref="Enable"/>: a joining one).</summary>
    public void EnableOn(string node)
    {
        var text = File.ReadAllText(lab.ConfigPath(node));
        File.WriteAllText(lab.ConfigPath(node), Regex.Replace(text, @"^\[cluster\]$", $"[cluster]\nmirror-port = {Port}\nmirror-secret = {Secret}", RegexOptions.Multiline));
    }

    public MirrorControlClient Driver(string node) => new(Path.Combine(lab.Dir, "data-" + node, "repd", "control.sock"));

    /// <summary>The mirror's status on <paramref name="node"/>, or null while its driver is down or does not know it.</summary>
    public async Task<MirrorStatus?> StatusAsync(string node, string mirror)
    {
        try
        {
            return (await Driver(node).StatusAsync()).FirstOrDefault(m => m.Name == mirror);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ControlException)
        {
            return null;
        }
    }

    public async Task<PeerStatus?> PeerAsync(string node, string mirror, string peer) =>
        (await StatusAsync(node, mirror))?.Peers.FirstOrDefault(p => p.Node == peer);

    public void Dispose()
    {
        // Once nbdfuse is gone sysfs names the backing file "/disk" only: the lab's own link still says which loop it was.
        // Only while it still says so: a loop freed meanwhile may already belong to another spec running in parallel.
        if (new FileInfo(Device).LinkTarget is { } linked && linked.StartsWith("/dev/loop", StringComparison.Ordinal)
            && Path.Combine("/sys/block", Path.GetFileName(linked), "loop", "backing_file") is var linkedBacking
            && File.Exists(linkedBacking) && File.ReadAllText(linkedBacking).Trim() == "/disk")
        {
            Vigil.Cli.Lab.Shell.TryRun("losetup", "-d", linked);
        }

        foreach (var loop in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            var backing = Path.Combine(loop, "loop", "backing_file");
            if (File.Exists(backing) && File.ReadAllText(backing).StartsWith(lab.Dir, StringComparison.Ordinal))
            {
                Vigil.Cli.Lab.Shell.TryRun("losetup", "-d", "/dev/" + Path.GetFileName(loop));
            }
        }

        File.Delete(Device);
    }
}
