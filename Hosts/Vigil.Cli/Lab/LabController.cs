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
/// A whole cluster on one machine: one vigild per node with its own config and data directory, sharing a cluster
/// key and a disk-heartbeat region (each node reaches it through its own symlink, which <c>cut</c> can break). As
/// root each node lives in its own network namespace (<see cref="LabNetwork"/>) and cgroup (<see cref="LabFreezer"/>);
/// otherwise on loopback ports. Processes are detached (setsid) so the lab outlives the command that started it;
/// readiness is read from each node's NOTIFY_SOCKET.
/// </summary>
internal sealed partial class LabController(string dir)
{
    public string Dir { get; } = Path.GetFullPath(dir);

    public static string Vigild => Path.Combine(AppContext.BaseDirectory, "vigild");

    /// <summary>The kits every lab node loads: those built with the CLI (bin/.../kits).</summary>
    public static string KitsDirectory => Path.Combine(AppContext.BaseDirectory, "kits");

    public string ConfigPath(string node) => Path.Combine(Dir, node + ".conf");

    public string LogPath(string node) => Path.Combine(Dir, node + ".log");

    public string JournalDir(string node) => Path.Combine(Dir, "data-" + node, "journal");

    public string DiskView(string node) => Path.Combine(Dir, "disk-" + node);

    /// <summary>Writes a new lab: key, one config per node, and in namespace mode its network. Refuses a directory that already holds a lab.</summary>
    /// <param name="witness">Adds a witness node (the last one) that votes and beats but holds no resources.</param>
    /// <param name="quorum">The cluster's quorum mode (majority or none).</param>
    /// <param name="fencing">lab: every node gets the lab's fence agent (<see cref="LabFence"/>, needs root); none.</param>
    /// <param name="leaderPlacement">fewest-resources (vigild's default) or any (written as <c>leader-placement</c>).</param>
    public LabState Create(int count, string profile, string paths, bool namespaces = false, IReadOnlyCollection<string>? subnet2 = null, bool witness = false, string quorum = "majority", string fencing = "none", string leaderPlacement = "fewest-resources")
    {
        if (File.Exists(LabState.FileIn(Dir)))
        {
            throw new InvalidOperationException($"{Dir} already holds a lab: 'vigil lab down --dir {Dir}' first, or use another directory");
        }

        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "cluster.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(Path.Combine(Dir, "cluster.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(Path.Combine(Dir, "cluster.pfx"), ClusterCertificate.Create("lab"));
        File.SetUnixFileMode(Path.Combine(Dir, "cluster.pfx"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LabCredentials.Create(Dir);
        var nodes = Enumerable.Range(1, count + (witness ? 1 : 0))
            .Select(i => namespaces
                ? new LabNode($"node{i}", 7400, 7401, 7402, subnet2?.Contains($"node{i}") == true, witness && i > count, 7480) { RelayPort = 7403 }
                : new LabNode($"node{i}", FreePort(SocketType.Dgram), FreePort(SocketType.Stream), FreePort(SocketType.Stream), false, witness && i > count, FreePort(SocketType.Stream)) { RelayPort = FreePort(SocketType.Stream) })
            .ToList();
        var labId = "vl" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Dir)))[..6];
        var state = new LabState(profile, paths, nodes, namespaces, labId) { Quorum = quorum, Fencing = fencing, LeaderPlacement = leaderPlacement };
        LabFence.Write(Dir, state);
        using (File.Create(Path.Combine(Dir, "heartbeat.disk")))
        {
        }

        foreach (var n in nodes)
        {
            File.CreateSymbolicLink(DiskView(n.Name), "heartbeat.disk");
            File.WriteAllText(ConfigPath(n.Name), ConfigText(state, n.Name));
        }

        state.Save(Dir);
        if (namespaces)
        {
            new LabNetwork(labId).Create(nodes);
        }

        return state;
    }

    public static string ConfigText(LabState state, string local)
    {
        var s = new StringBuilder();
        s.AppendLine("# Written by `vigil lab up`.").AppendLine("[cluster]").AppendLine("name = lab").AppendLine("key-file = cluster.key")
            .AppendLine("certificate = cluster.pfx").AppendLine("config-version = 1").AppendLine(CultureInfo.InvariantCulture, $"paths = {state.Paths}")
            .AppendLine(CultureInfo.InvariantCulture, $"heartbeat = {state.Profile}").AppendLine("credentials = credentials");
        if (state.LeaderPlacement != "fewest-resources")
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"leader-placement = {state.LeaderPlacement}");
        }

        if (state.Quorum != "majority")
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"quorum = {state.Quorum}");
        }

        foreach (var n in state.Nodes)
        {
            var udp = state.Namespaces ? LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat1, n.Name) : "127.0.0.1";
            var tcp = state.Namespaces ? LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat2, n.Name) : "127.0.0.1";
            s.AppendLine(CultureInfo.InvariantCulture, $"[node {n.Name}]")
                .AppendLine(CultureInfo.InvariantCulture, $"udp = {udp}:{n.UdpPort}")
                .AppendLine(CultureInfo.InvariantCulture, $"tcp = {tcp}:{n.TcpPort}")
                // Every node writes the same region, each through its own view (a symlink `cut` can break).
                .AppendLine(CultureInfo.InvariantCulture, $"disk = disk-{n.Name}")
                .AppendLine(CultureInfo.InvariantCulture, $"raft = {tcp}:{n.RaftPort}")
                .AppendLine(CultureInfo.InvariantCulture, $"relay = {tcp}:{n.RelayPort}")
                .AppendLine(CultureInfo.InvariantCulture, $"api = {ApiAddress(state, n)}");
            if (n.Witness)
            {
                s.AppendLine("role = witness");
            }
        }

        if (state.Fencing == "lab")
        {
            s.AppendLine("[fence]").AppendLine(CultureInfo.InvariantCulture, $"agent = {LabFence.FileName}").AppendLine("timeout-ms = 5000");
        }

        s.AppendLine("[local]").AppendLine(CultureInfo.InvariantCulture, $"node = {local}").AppendLine(CultureInfo.InvariantCulture, $"data-dir = data-{local}")
            .AppendLine(CultureInfo.InvariantCulture, $"kits = {KitsDirectory}");
        return s.ToString();
    }

    /// <summary>Where a lab node's control API listens: loopback, or in namespace mode its first public address (reach it from the client namespace).</summary>
    public static string ApiAddress(LabState state, LabNode node) =>
        $"{(state.Namespaces ? LabNetwork.PublicAddress(node, 0) : "127.0.0.1")}:{node.ApiPort}";

    /// <summary>Starts a node's vigild detached and waits for READY=1 (or its exit, with its log tail).</summary>
    public async Task<int> StartAsync(string node, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var state = LabState.Load(Dir);
        if (state.Namespaces)
        {
            new LabNetwork(state.LabId).Boot(node);
        }

        var notifyPath = Path.Combine(Dir, node + ".notify");
        File.Delete(notifyPath);
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        // The node joins its cgroup before vigild starts, so everything it ever forks (kit host, applications that
        // detach with setsid) is in it: crash and freeze reach the whole node. No cgroup without root: tree only.
        var group = LabFreezer.TryPrepare(state.LabId, node) ?? string.Empty;
        var launch = "[ -z \"$4\" ] || echo $$ > \"$4/cgroup.procs\"; " + (state.Namespaces
            ? "exec setsid ip netns exec \"$3\" \"$0\" --config \"$1\" >>\"$2\" 2>&1 </dev/null"
            : "exec setsid \"$0\" --config \"$1\" >>\"$2\" 2>&1 </dev/null");
        var psi = new ProcessStartInfo("/bin/sh", ["-c", launch, Vigild, ConfigPath(node), LogPath(node), state.Namespaces ? new LabNetwork(state.LabId).Namespace(node) : string.Empty, group])
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

    /// <summary>Kills every process of the node at once and, in namespace mode, pulls its cables: a dead machine.</summary>
    public bool Crash(LabNode node)
    {
        var state = LabState.Load(Dir);
        var grouped = LabFreezer.Exists(state.LabId, node.Name);
        if (grouped)
        {
            // A dead machine stops all at once: freeze the whole node first (one write), so nothing of it — not even an
            // application a kit detached — runs a moment longer than the rest while the kills are delivered.
            LabFreezer.Set(state.LabId, node.Name, frozen: true);
        }

        if (state.Namespaces)
        {
            new LabNetwork(state.LabId).SetLinks(node.Name, up: false);
        }

        if (grouped)
        {
            LabFreezer.SignalAll(state.LabId, node.Name);
            LabFreezer.Set(state.LabId, node.Name, frozen: false); // the pending SIGKILLs take effect on thaw
            LabFreezer.KillAll(state.LabId, node.Name);
        }

        return Kill(node);
    }

    /// <summary>Cuts (or heals) one comm path of a node, or all of them: its heartbeat link, or its view of the disk region.</summary>
    public void Cut(LabNode node, string path, bool heal)
    {
        var state = LabState.Load(Dir);
        foreach (var p in path == "all" ? ["udp", "tcp", "disk"] : new[] { path })
        {
            switch (p)
            {
                case "disk":
                    File.Delete(DiskView(node.Name));
                    File.CreateSymbolicLink(DiskView(node.Name), heal ? "heartbeat.disk" : "heartbeat.disk.cut");
                    break;
                case "udp" or "tcp" when state.Namespaces:
                    new LabNetwork(state.LabId).SetLinks(node.Name, up: heal, p == "udp" ? "hb1" : "hb2");
                    break;
                case "udp" or "tcp":
                    throw new InvalidOperationException($"cutting the {p} path needs the namespace lab (run as root)");
                default:
                    throw new ArgumentException($"unknown comm path '{p}' (udp, tcp, disk or all)");
            }
        }
    }

    public static bool Kill(LabNode node)
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

    /// <summary>Stops every node, removes the lab's namespaces and cgroups; the directory and journals stay.</summary>
    public void Down()
    {
        var state = LabState.Load(Dir);
        foreach (var n in state.Nodes)
        {
            if (LabFreezer.Exists(state.LabId, n.Name))
            {
                LabFreezer.Set(state.LabId, n.Name, frozen: false);
            }

            Stop(n);
        }

        if (state.Namespaces)
        {
            new LabNetwork(state.LabId).Destroy(state.Nodes.Select(n => n.Name));
        }

        // What the nodes' kits left running (detached applications) goes with the lab.
        foreach (var n in state.Nodes)
        {
            LabFreezer.Remove(state.LabId, n.Name);
        }

        File.Delete(LabState.FileIn(Dir));
    }

    /// <summary>Stops a node gracefully (SIGTERM, as systemd would) and waits; kills it if it does not stop.</summary>
    public static void Stop(LabNode node)
    {
        if (node.Pid is not { } pid)
        {
            return;
        }

        if (!IsRunning(node))
        {
            node.Pid = null;
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true }))
        {
            kill!.WaitForExit();
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

    // Below the kernel's ephemeral range (32768–60999 by default): a port the kernel handed out for probing could be
    // given again to any outgoing connection before the node binds it ("address already in use" at start-up).
    private const int FirstLabPort = 20_000, LastLabPort = 32_000;
    private static int _nextPort = FirstLabPort + Random.Shared.Next(LastLabPort - FirstLabPort);

    private static int FreePort(SocketType type)
    {
        for (var attempt = 0; attempt < LastLabPort - FirstLabPort; attempt++)
        {
            // Sequential from a random start: never the same port twice in this process, rarely the same as another lab's.
            var port = FirstLabPort + ((Interlocked.Increment(ref _nextPort) - FirstLabPort) % (LastLabPort - FirstLabPort));
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
                s.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {FirstLabPort} and {LastLabPort}");
    }
}
