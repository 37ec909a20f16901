using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigil.Engine;
using Vigil.Journal;
using Vigil.Journal.Embedded;

namespace Vigil.Cli.Lab;

/// <summary>
/// A whole cluster on one machine, loopback mode: one vigild per node with its own config, data directory and
/// ports, sharing a cluster key and a disk-heartbeat file in the lab directory. Processes are detached (setsid)
/// so the lab outlives the command that started it; readiness is read from each node's NOTIFY_SOCKET.
/// </summary>
internal sealed class LabController(string dir)
{
    public string Dir { get; } = Path.GetFullPath(dir);

    public static string Vigild => Path.Combine(AppContext.BaseDirectory, "vigild");

    public string ConfigPath(string node) => Path.Combine(Dir, node + ".conf");

    public string LogPath(string node) => Path.Combine(Dir, node + ".log");

    public string JournalDir(string node) => Path.Combine(Dir, "data-" + node, "journal");

    /// <summary>Writes a new lab: key, one config per node. Refuses a directory that already holds a lab.</summary>
    public LabState Create(int count, string profile, string paths)
    {
        if (File.Exists(LabState.FileIn(Dir)))
        {
            throw new InvalidOperationException($"{Dir} already holds a lab: 'vigil lab down --dir {Dir}' first, or use another directory");
        }

        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "cluster.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(Path.Combine(Dir, "cluster.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var nodes = Enumerable.Range(1, count).Select(i => new LabNode($"node{i}", FreePort(SocketType.Dgram), FreePort(SocketType.Stream))).ToList();
        var state = new LabState(profile, paths, nodes);
        foreach (var n in nodes)
        {
            File.WriteAllText(ConfigPath(n.Name), ConfigText(state, n.Name));
        }

        state.Save(Dir);
        return state;
    }

    public static string ConfigText(LabState state, string local)
    {
        var s = new StringBuilder();
        s.AppendLine("# Written by `vigil lab up`.").AppendLine("[cluster]").AppendLine("name = lab").AppendLine("key-file = cluster.key")
            .AppendLine("config-version = 1").AppendLine(CultureInfo.InvariantCulture, $"paths = {state.Paths}")
            .AppendLine(CultureInfo.InvariantCulture, $"heartbeat = {state.Profile}");
        foreach (var n in state.Nodes)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"[node {n.Name}]")
                .AppendLine(CultureInfo.InvariantCulture, $"udp = 127.0.0.1:{n.UdpPort}")
                .AppendLine(CultureInfo.InvariantCulture, $"tcp = 127.0.0.1:{n.TcpPort}")
                .AppendLine("disk = heartbeat.disk");
        }

        s.AppendLine("[local]").AppendLine(CultureInfo.InvariantCulture, $"node = {local}").AppendLine(CultureInfo.InvariantCulture, $"data-dir = data-{local}");
        return s.ToString();
    }

    /// <summary>Starts a node's vigild detached and waits for READY=1 (or its exit, with its log tail).</summary>
    public async Task<int> StartAsync(string node, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var notifyPath = Path.Combine(Dir, node + ".notify");
        File.Delete(notifyPath);
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        var psi = new ProcessStartInfo("/bin/sh", ["-c", "exec setsid \"$0\" --config \"$1\" >>\"$2\" 2>&1 </dev/null", Vigild, ConfigPath(node), LogPath(node)])
        {
            WorkingDirectory = Dir,
            UseShellExecute = false,
        };
        psi.Environment["NOTIFY_SOCKET"] = notifyPath;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Vigild);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var buffer = new byte[4096];
        var receive = notify.ReceiveAsync(buffer, SocketFlags.None, cts.Token).AsTask();
        var exited = process.WaitForExitAsync(cts.Token);
        try
        {
            var first = await Task.WhenAny(receive, exited);
            if (first == receive && Encoding.UTF8.GetString(buffer, 0, await receive).Contains("READY=1", StringComparison.Ordinal))
            {
                return process.Id;
            }
        }
        catch (OperationCanceledException)
        {
        }

        var tail = File.Exists(LogPath(node)) ? string.Join('\n', File.ReadLines(LogPath(node)).TakeLast(5)) : "(no log)";
        throw new InvalidOperationException($"{node} did not become ready within {timeout.TotalSeconds:F0} s; last log lines:\n{tail}");
    }

    /// <summary>Kills every process of the node at once, as a dead machine.</summary>
    public static bool Crash(LabNode node)
    {
        if (node.Pid is not { } pid)
        {
            return false;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        node.Pid = null;
        return true;
    }

    /// <summary>Stops a node gracefully (SIGTERM via Process.Kill is not graceful; use kill -TERM) and waits.</summary>
    public static void Stop(LabNode node)
    {
        if (node.Pid is not { } pid)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            if (!p.WaitForExit(15_000))
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (ArgumentException)
        {
        }

        node.Pid = null;
    }

    public static bool IsRunning(LabNode node)
    {
        if (node.Pid is not { } pid)
        {
            return false;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public async Task<List<RecordedEvent>> ReadJournalAsync(string node)
    {
        var list = new List<RecordedEvent>();
        if (!Directory.Exists(JournalDir(node)))
        {
            return list;
        }

        await using var store = EmbeddedJournalStore.OpenReadOnly(JournalDir(node), EngineEvents.Serializer);
        await foreach (var e in store.ReadAllAsync())
        {
            list.Add(e);
        }

        return list;
    }

    private static int FreePort(SocketType type)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
