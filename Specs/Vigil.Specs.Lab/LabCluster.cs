using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigil.Engine;
using Vigil.Journal;
using Vigil.Journal.Embedded;

namespace Vigil.Specs.Lab;

/// <summary>
/// A cluster of real vigild processes on loopback ports, in a temporary directory: config files, a cluster key,
/// a shared disk-heartbeat file and a NOTIFY_SOCKET listener per node (a real unix datagram socket).
/// </summary>
internal sealed class LabCluster : IAsyncDisposable
{
    private static int _nextPort = 20000 + (Environment.ProcessId % 2000) * 10;
    private readonly Dictionary<string, Process> _processes = [];
    private readonly Dictionary<string, Socket> _notify = [];
    private readonly Dictionary<string, StringBuilder> _output = [];

    private LabCluster(string dir, string[] nodes, byte[] key, int basePort)
    {
        Dir = dir;
        Nodes = nodes;
        Key = key;
        BasePort = basePort;
    }

    public string Dir { get; }

    public string[] Nodes { get; }

    public byte[] Key { get; }

    public int BasePort { get; }

    public static LabCluster Create(int count, string paths = "udp, tcp, disk", string heartbeat = "default")
    {
        var dir = Directory.CreateTempSubdirectory("vigil-lab-").FullName;
        var nodes = Enumerable.Range(1, count).Select(i => $"node{i}").ToArray();
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(Path.Combine(dir, "cluster.key"), Convert.ToBase64String(key));
        var basePort = Interlocked.Add(ref _nextPort, 20);
        var lab = new LabCluster(dir, nodes, key, basePort);
        foreach (var n in nodes)
        {
            File.WriteAllText(lab.ConfigPath(n), lab.ConfigText(n, paths, heartbeat));
        }

        return lab;
    }

    public string ConfigPath(string node) => Path.Combine(Dir, node + ".conf");

    public string JournalDir(string node) => Path.Combine(Dir, "data-" + node, "journal");

    public int UdpPort(string node) => BasePort + Array.IndexOf(Nodes, node);

    public string ConfigText(string local, string paths, string heartbeat)
    {
        var s = new StringBuilder();
        s.AppendLine("[cluster]").AppendLine("name = lab").AppendLine("key-file = cluster.key").AppendLine("config-version = 1")
            .AppendLine($"paths = {paths}").AppendLine($"heartbeat = {heartbeat}");
        for (var i = 0; i < Nodes.Length; i++)
        {
            s.AppendLine($"[node {Nodes[i]}]").AppendLine($"udp = 127.0.0.1:{BasePort + i}").AppendLine($"tcp = 127.0.0.1:{BasePort + 10 + i}").AppendLine("disk = hb.disk");
        }

        s.AppendLine("[local]").AppendLine($"node = {local}").AppendLine($"data-dir = data-{local}");
        return s.ToString();
    }

    public static string Vigild
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(root.FullName, "engine.sln")))
            {
                root = root.Parent!;
            }

            return Path.Combine(root.FullName, "Hosts", "Vigil.Daemon", "bin", configuration, "net10.0", "vigild");
        }
    }

    /// <summary>Starts a node and waits for READY=1 on its notify socket.</summary>
    public async Task StartAsync(string node, TimeSpan? timeout = null)
    {
        var notifyPath = Path.Combine(Dir, node + ".notify");
        File.Delete(notifyPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(notifyPath));
        _notify[node] = socket;
        var psi = new ProcessStartInfo(Vigild, ["--config", ConfigPath(node)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Dir,
        };
        psi.Environment["NOTIFY_SOCKET"] = notifyPath;
        var process = Process.Start(psi)!;
        var output = _output[node] = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[node] = process;
        var message = await ReceiveNotifyAsync(node, timeout ?? TimeSpan.FromSeconds(30));
        if (!message.Contains("READY=1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{node} sent '{message}' instead of READY=1\n{Output(node)}");
        }
    }

    public async Task<string> ReceiveNotifyAsync(string node, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            var n = await _notify[node].ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{node} sent nothing on NOTIFY_SOCKET within {timeout.TotalSeconds} s (exited: {_processes[node].HasExited})\n{Output(node)}");
        }
    }

    public string Output(string node)
    {
        var sb = _output[node];
        lock (sb)
        {
            return sb.ToString();
        }
    }

    /// <summary>Kills the node's process at once, as a crashed machine.</summary>
    public void Crash(string node)
    {
        _processes[node].Kill(entireProcessTree: true);
        _processes[node].WaitForExit();
    }

    /// <summary>Polls a node's journal (read-only, while the node writes it) until an event matches.</summary>
    public async Task<RecordedEvent?> WaitForEventAsync(string node, Func<IVigilEvent, bool> match, TimeSpan timeout)
    {
        RecordedEvent? found = null;
        await Poll.UntilAsync(async () => (found = (await ReadJournalAsync(node)).FirstOrDefault(e => match(e.Envelope.Data))) is not null, timeout);
        return found;
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

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes.Values)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }

        foreach (var s in _notify.Values)
        {
            s.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }
}
