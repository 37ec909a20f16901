using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Kits.Mirror;

/// <summary>
/// Two real vigil-repd processes on loopback sharing a secret: this machine's node (named as the conformance suite
/// names it, <see cref="Environment.MachineName"/>, its directory published as vigild does: <c>VIGIL_REPD_DIR</c>
/// with the <c>nodes</c> file) and <c>peer</c>. Mirrors are made per spec with <see cref="CreateAsync"/>. Dispose kills
/// both and removes the directory.
/// </summary>
public sealed class RepdPair : IAsyncLifetime
{
    public const string Peer = "peer";

    private readonly List<(Process Process, StringBuilder Log)> _processes = [];

    public string Root { get; } = Directory.CreateTempSubdirectory("vigil-mirror-kit-").FullName;

    public static string Local => Environment.MachineName;

    public string LocalDir => Path.Combine(Root, "local");

    public MirrorControlClient LocalControl => new(Path.Combine(LocalDir, "control.sock"));

    public MirrorControlClient PeerControl => new(Path.Combine(Root, Peer, "control.sock"));

    public IReadOnlyDictionary<string, string> Addresses { get; private set; } = new Dictionary<string, string>();

    public string Logs => string.Join("\n", _processes.Select(p => { lock (p.Log) { return p.Log.ToString(); } }));

    public async Task InitializeAsync()
    {
        var secret = Path.Combine(Root, "secret");
        await File.WriteAllBytesAsync(secret, RandomNumberGenerator.GetBytes(32));
        Addresses = new Dictionary<string, string> { [Local] = $"127.0.0.1:{FreePort()}", [Peer] = $"127.0.0.1:{FreePort()}" };
        Directory.CreateDirectory(LocalDir);
        await File.WriteAllLinesAsync(Path.Combine(LocalDir, "nodes"), Addresses.Select(a => $"{a.Key} {a.Value}"));
        Environment.SetEnvironmentVariable("VIGIL_REPD_DIR", LocalDir);
        Start(Local, LocalDir, secret);
        Start(Peer, Path.Combine(Root, Peer), secret);
        await UntilAsync(async () => await Answers(LocalControl) && await Answers(PeerControl), "both vigil-repd control sockets");
    }

    public Task DisposeAsync()
    {
        foreach (var (process, _) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        Environment.SetEnvironmentVariable("VIGIL_REPD_DIR", null);
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The volume path the kit uses for a mirror made by <see cref="CreateAsync"/> (<c>{node}</c> replaced).</summary>
    public string VolumePattern(string mirror) => Path.Combine(Root, "{node}-" + mirror + ".img");

    /// <summary>
    /// Creates <paramref name="mirror"/> (1 MiB, sync) on both nodes with the spec the kit builds, targets first, and
    /// waits until the primary's target mirrors.
    /// </summary>
    public async Task CreateAsync(string mirror, string primary)
    {
        var nodes = primary == Local ? new[] { Local, Peer } : [Peer, Local];
        var spec = new MirrorSpec(mirror, "per-node", 1 << 20, MirrorMode.Sync, primary, [.. nodes.Select(n => new MirrorNode(n, Addresses[n]))],
            ExportUnixSocket: Path.Combine(LocalDir, "export-" + mirror + ".nbd"));
        foreach (var node in nodes.Reverse())
        {
            await Control(node).CreateAsync(spec with { Volume = VolumePattern(mirror).Replace("{node}", node, StringComparison.Ordinal) });
        }

        await UntilAsync(async () => (await Control(primary).StatusAsync(mirror)).Peers.All(p => p.State == PeerLinkState.Mirroring), $"{mirror}: target mirroring");
    }

    public MirrorControlClient Control(string node) => node == Local ? LocalControl : PeerControl;

    private void Start(string node, string dir, string secret)
    {
        Directory.CreateDirectory(dir);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "vigil-repd.dll"), "run", "--node", node, "--data", dir, "--listen", Addresses[node], "--secret-file", secret })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, log));
    }

    private static void Append(StringBuilder log, string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static async Task<bool> Answers(MirrorControlClient control)
    {
        try
        {
            await control.StatusAsync();
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within 60 s; vigil-repd logs:\n{Logs}");
            await tick.WaitForNextTickAsync();
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
