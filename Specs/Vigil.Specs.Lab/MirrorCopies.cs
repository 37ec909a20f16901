using System.Security.Cryptography;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Lab;

/// <summary>
/// Ground truth about a lab mirror's copies, read from the host: each node's volume file (the default volume under its
/// vigil-repd directory) and its export socket; and the setup the replicated-hierarchy specs share (a mirror resource
/// on node1, extended to other nodes by priority).
/// </summary>
internal sealed class MirrorCopies(LabCluster lab, MirrorLab mirror, string name)
{
    public string Name => name;

    public string Volume(string node) => Path.Combine(lab.Dir, "data-" + node, "repd", "volumes", name + ".img");

    public string ExportUri(string node) => $"nbd+unix:///{name}?socket={Path.Combine(lab.Dir, "data-" + node, "repd", "export-" + name + ".nbd")}";

    public string Sha256(string node)
    {
        using var file = File.OpenRead(Volume(node));
        return Convert.ToHexString(SHA256.HashData(file));
    }

    /// <summary>The bytes of one node's copy at <paramref name="offset"/> (read from its volume file).</summary>
    public byte[] Read(string node, long offset, int length)
    {
        using var file = File.OpenRead(Volume(node));
        var buffer = new byte[length];
        file.Position = offset;
        file.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>Writes <paramref name="pattern"/> over a range through a node's export (qemu-io, an NBD client), then flushes.</summary>
    public void Write(string node, byte pattern, string offset, string length) =>
        Shell.Run("qemu-io", "-f", "raw", "-c", $"write -P 0x{pattern:x2} {offset} {length}", "-c", "flush", ExportUri(node));

    /// <summary>Creates the mirror resource on node1 (copies on <paramref name="nodes"/>), extends it by priority, restores it on node1.</summary>
    public async Task CreateAsync(string mode, string[] nodes, int sizeMiB, string? device = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["mirror"] = name,
            ["nodes"] = string.Join(',', nodes),
            ["sizeMiB"] = sizeMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["mode"] = mode,
        };
        if (device is not null)
        {
            parameters["device"] = device;
        }

        await lab.CreateResourceAsync(name, "mirror", nodes[0], parameters);
        for (var i = 1; i < nodes.Length; i++)
        {
            await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(name, nodes[i], i + 1));
        }

        await lab.SubmitAsync(new OperatorCommands.RestoreResource(name, nodes[0]));
        await WaitMirroringAsync(nodes[0], nodes[1..]);
        await lab.WaitForOperationCompletedAsync(nodes[0]); // until then a dependency on the mirror is refused (busy)
    }

    public async Task WaitMirroringAsync(string primary, params string[] targets) =>
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync(primary, name))?.Peers is { } peers && targets.All(t => peers.Any(p => p.Node == t && p.State == PeerLinkState.Mirroring)), TimeSpan.FromSeconds(90)),
            $"{string.Join(", ", targets)} never mirrored {primary}: {await mirror.StatusAsync(primary, name)}; logs:\n{lab.LogTails()}");

    /// <summary>vigil-repd's own log lines about this mirror on a node (vigild logs its output), for failure messages.</summary>
    public string RepdLog(string node, int lines = 25) =>
        string.Join("\n", lab.Output(node).Split('\n').Where(l => l.Contains(name, StringComparison.Ordinal) && (l.Contains("repd", StringComparison.Ordinal) || l.Contains("Mirror", StringComparison.Ordinal))).TakeLast(lines));
}
