using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigil.ReplicationDriver.Client;

namespace Vigil.ReplicationDriver.Bench;

/// <summary>
/// <c>vigil-repd bench --dir DIR [--size-mib 1024] [--runtime-s 8] [--rounds 3] [--jobs NAME-PART] [--out FILE]
/// [--io-realtime-priority N] [--nbdkit-realtime N] [--skip-targets NAME-PART]</c>: fio's nbd engine
/// against (1) nbdkit's file plugin, (2) an unreplicated vigil-repd export, (3) a sync and (4) an async mirror to one
/// target process over Unix sockets, and (1) and (2) again over loopback TCP, plain and with TLS (mutual, TLS 1.3;
/// nbdkit --tls=require, vigil-repd --nbd-tls require); each on its own file in DIR (use a real disk, not tmpfs).
/// Prints a Markdown report with the machine, the numbers and the ratios. vigil-repd runs with its default request-thread
/// scheduling unless <c>--io-realtime-priority</c> says otherwise (0: normal priority); <c>--nbdkit-realtime N</c> runs
/// nbdkit under <c>chrt -r N</c>, for a comparison at equal scheduling.
/// </summary>
internal static class BenchCommand
{
    private const string KitUnix = "nbdkit file";
    private const string SoloUnix = "vigil unreplicated";
    private const string SyncUnix = "vigil sync (1 target)";
    private const string AsyncUnix = "vigil async (1 target)";
    private const string KitTcp = "nbdkit file (tcp)";
    private const string SoloTcp = "vigil unreplicated (tcp)";
    private const string KitTls = "nbdkit file (tcp+tls)";
    private const string SoloTls = "vigil unreplicated (tcp+tls)";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var dir = Path.GetFullPath(Arg("--dir", Path.Combine(Path.GetTempPath(), "vigil-repd-bench")));
        var size = long.Parse(Arg("--size-mib", "1024"), CultureInfo.InvariantCulture) << 20;
        var runtime = int.Parse(Arg("--runtime-s", "8"), CultureInfo.InvariantCulture);
        var outFile = Arg("--out", string.Empty);
        var repdPriority = Arg("--io-realtime-priority", Storage.IoScheduling.DefaultPriority.ToString(CultureInfo.InvariantCulture));
        var kitPriority = int.Parse(Arg("--nbdkit-realtime", "0"), CultureInfo.InvariantCulture);
        Process Kit(string[] kitArgs) => kitPriority > 0
            ? Start("chrt", ["-r", kitPriority.ToString(CultureInfo.InvariantCulture), "nbdkit", .. kitArgs])
            : Start("nbdkit", kitArgs);
        Process Repd(string node, string data, string listen, string secretFile, params string[] extra)
            => StartRepd(node, data, listen, secretFile, ["--io-realtime-priority", repdPriority, .. extra]);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var children = new List<Process>();
        try
        {
            var rounds = int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture);
            var only = Arg("--jobs", string.Empty); // a substring of the job names, to re-run one kind of job
            var skip = Arg("--skip-targets", string.Empty); // a substring of target names left out (e.g. "tls")
            var jobs = FioJob.Standard(size, runtime).Where(j => j.Name.Contains(only, StringComparison.Ordinal)).ToList();

            // Every target is started before any job: nbdkit's file plugin, an unreplicated vigil-repd export, a sync
            // and an async mirror from node p to node t (two more vigil-repd processes); nbdkit and the unreplicated
            // export also over loopback TCP.
            var kitFile = Prefill(Path.Combine(dir, "nbdkit.img"), size);
            var kitSock = Path.Combine(dir, "nbdkit.sock");

            // No nbdkit --exit-with-parent: its PR_SET_PDEATHSIG fires when the *thread* that started it ends, and a
            // pool thread that started one after an await retires while the bench runs (nbdkit then exits 0
            // mid-run). The finally below kills every child.
            var (kitPort, soloPort) = (FreePort(), FreePort());
            children.Add(Kit(["-f", "-U", kitSock, "file", kitFile]));
            children.Add(Kit(["-f", "-i", "127.0.0.1", "-p", kitPort.ToString(CultureInfo.InvariantCulture), "file", kitFile]));
            var secret = Path.Combine(dir, "secret");
            await File.WriteAllBytesAsync(secret, RandomNumberGenerator.GetBytes(32));
            var (pAddr, tAddr) = ($"127.0.0.1:{FreePort()}", $"127.0.0.1:{FreePort()}");
            children.Add(Repd("p", Path.Combine(dir, "p"), pAddr, secret));
            children.Add(Repd("t", Path.Combine(dir, "t"), tAddr, secret));

            // TLS rows: nbdkit and a third vigil-repd (the TLS setting is per process) with the same certificates.
            var tlsHome = Path.Combine(dir, "tls-home");
            var (serverPki, _) = BenchPki.Write(Path.Combine(dir, "pki"), Path.Combine(tlsHome, ".pki", "libnbd"));
            var (kitTlsPort, soloTlsPort, sAddr) = (FreePort(), FreePort(), $"127.0.0.1:{FreePort()}");
            var kitTlsFile = Prefill(Path.Combine(dir, "nbdkit-tls.img"), size);
            children.Add(Kit(["-f", "--tls=require", $"--tls-certificates={serverPki}", "--tls-verify-peer",
                "-i", "127.0.0.1", "-p", kitTlsPort.ToString(CultureInfo.InvariantCulture), "file", kitTlsFile]));
            children.Add(Repd("s", Path.Combine(dir, "s"), sAddr, secret, "--nbd-tls", "require", "--nbd-tls-cert", Path.Combine(serverPki, "server-cert.pem"),
                "--nbd-tls-key", Path.Combine(serverPki, "server-key.pem"), "--nbd-tls-ca", Path.Combine(serverPki, "ca-cert.pem")));
            var s = new MirrorControlClient(Path.Combine(dir, "s", "control.sock"));
            var p = new MirrorControlClient(Path.Combine(dir, "p", "control.sock"));
            var t = new MirrorControlClient(Path.Combine(dir, "t", "control.sock"));
            await WaitFor(() => File.Exists(kitSock) && File.Exists(Path.Combine(dir, "p", "control.sock")) && File.Exists(Path.Combine(dir, "t", "control.sock"))
                && File.Exists(Path.Combine(dir, "s", "control.sock")), "servers");

            var soloSock = Path.Combine(dir, "solo.sock");
            await p.CreateAsync(new MirrorSpec("solo", Prefill(Path.Combine(dir, "solo.img"), size), size, MirrorMode.Sync, "p",
                [new MirrorNode("p", pAddr)], soloSock, soloPort));
            await s.CreateAsync(new MirrorSpec("solotls", Prefill(Path.Combine(dir, "solotls.img"), size), size, MirrorMode.Sync, "s",
                [new MirrorNode("s", sAddr)], null, soloTlsPort));
            MirrorSpec Pair(string name, MirrorMode mode, string volume)
                => new(name, volume, size, mode, "p", [new MirrorNode("p", pAddr), new MirrorNode("t", tAddr)], Path.Combine(dir, name + ".sock"));
            foreach (var (name, mode) in new[] { ("sync", MirrorMode.Sync), ("async", MirrorMode.Async) })
            {
                await t.CreateAsync(Pair(name, mode, Prefill(Path.Combine(dir, name + "-t.img"), size)));
                await p.CreateAsync(Pair(name, mode, Prefill(Path.Combine(dir, name + "-p.img"), size)));
                await WaitFor(async () => (await p.StatusAsync(name)).Peers[0].State == PeerLinkState.Mirroring, $"initial resync of {name}", 600);
            }

            await WaitFor(() => File.Exists(soloSock), "the unreplicated export");
            foreach (var port in new[] { kitPort, soloPort, kitTlsPort, soloTlsPort })
            {
                await WaitFor(() => Listening(port), $"a server on 127.0.0.1:{port}"); // a TCP row must not race its server's start
            }

            (string Name, string Uri)[] targets =
            [
                (KitUnix, $"nbd+unix:///?socket={kitSock}"),
                (SoloUnix, $"nbd+unix:///solo?socket={soloSock}"),
                (SyncUnix, $"nbd+unix:///sync?socket={Path.Combine(dir, "sync.sock")}"),
                (AsyncUnix, $"nbd+unix:///async?socket={Path.Combine(dir, "async.sock")}"),
                (KitTcp, $"nbd://127.0.0.1:{kitPort}/"),
                (SoloTcp, $"nbd://127.0.0.1:{soloPort}/solo"),
                (KitTls, $"nbds://127.0.0.1:{kitTlsPort}/"),
                (SoloTls, $"nbds://127.0.0.1:{soloTlsPort}/solotls"),
            ];

            // Rounds interleave the targets so that slow phases of the disk hit all of them alike; the median counts.
            var all = new List<FioResult>();
            foreach (var job in jobs)
            {
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var (name, uri) in targets)
                    {
                        if (skip.Length == 0 || !name.Contains(skip, StringComparison.Ordinal))
                        {
                            await RunJob(job, name, uri, all, uri.StartsWith("nbds:", StringComparison.Ordinal) ? tlsHome : null);
                        }
                    }
                }
            }

            var results = all.GroupBy(r => (r.Job, r.Target)).Select(Median).ToList();
            var report = $"Scheduling: vigil-repd request threads {(repdPriority == "0" ? "normal (SCHED_OTHER)" : $"SCHED_RR {repdPriority}")}, nbdkit {(kitPriority > 0 ? $"SCHED_RR {kitPriority} (chrt)" : "normal (SCHED_OTHER)")}; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}\n"
                + Report(results, LoopbackRtt.MedianMicroseconds(), size, runtime, rounds);
            Console.WriteLine(report);
            if (outFile.Length > 0)
            {
                await File.WriteAllTextAsync(outFile, report);
            }

            return 0;
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }

                child.Dispose();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunJob(FioJob job, string target, string uri, List<FioResult> results, string? tlsHome)
    {
        // Write back every dirty page first, so no job pays for the previous target's writeback.
        using (var sync = Process.Start("sync")!)
        {
            await sync.WaitForExitAsync();
        }

        var result = await job.RunAsync(target, uri, tlsHome);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{target,-22} {job.Name,-32} {result.MiBps,9:F1} MiB/s {result.Iops,9:F0} IOPS p50 {result.P50Us,8:F1} us p99 {result.P99Us,8:F1} us sync p50 {result.SyncP50Us,8:F1} us"));
        results.Add(result);
    }

    /// <summary>Per column median over the rounds.</summary>
    private static FioResult Median(IGrouping<(string Job, string Target), FioResult> rounds)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new FioResult(rounds.Key.Job, rounds.Key.Target, Mid(rounds.Select(r => r.MiBps)), Mid(rounds.Select(r => r.Iops)),
            Mid(rounds.Select(r => r.P50Us)), Mid(rounds.Select(r => r.P99Us)), Mid(rounds.Select(r => r.SyncP50Us)));
    }

    /// <summary>Writes the whole file once so that every target starts from allocated blocks (no sparse-file advantage).</summary>
    private static string Prefill(string path, long size)
    {
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        var block = new byte[4 << 20];
        for (long offset = 0; offset < size; offset += block.Length)
        {
            RandomAccess.Write(handle, block.AsSpan(0, (int)Math.Min(block.Length, size - offset)), offset);
        }

        return path;
    }

    private static Process StartRepd(string node, string data, string listen, string secret, params string[] extra)
    {
        Directory.CreateDirectory(data);
        var self = typeof(BenchCommand).Assembly.Location;
        return Start("dotnet", [self, "run", "--node", node, "--data", data, "--listen", listen, "--secret-file", secret, .. extra]);
    }

    private static Process Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var command = $"{file} {string.Join(' ', args)}";
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[{command}] {line}"); // a server that dies must say why
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Console.Error.WriteLine($"[{command}] exited with {process.ExitCode}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task WaitFor(Func<bool> done, string what, int seconds = 30) => WaitFor(() => Task.FromResult(done()), what, seconds);

    private static async Task WaitFor(Func<Task<bool>> done, string what, int seconds = 30)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        while (!await done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"waiting for {what}");
            }

            await timer.WaitForNextTickAsync();
        }
    }

    private static async Task<bool> Listening(int port)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    // Seven servers take a port each: the kernel may hand a just-released port out again, so none is given twice.
    private static int FreePort()
    {
        while (true)
        {
            using var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            var port = ((System.Net.IPEndPoint)s.LocalEndPoint!).Port;
            if (HandedOut.Add(port))
            {
                return port;
            }
        }
    }

    private static string Report(List<FioResult> results, double rttUs, long size, int runtime, int rounds)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var memKb = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"Machine: {Environment.ProcessorCount} CPUs ({cpu}), {long.Parse(memKb, inv) / 1024 / 1024} GiB RAM, {Environment.OSVersion}, .NET {Environment.Version}");
        sb.AppendLine(inv, $"Workload: fio {FioVersion()} nbd engine over Unix sockets and loopback TCP (plain and TLS), {size >> 20} MiB files on ext4 (not tmpfs), {runtime} s per timed job, {rounds} interleaved rounds, medians; loopback TCP RTT median {rttUs:F1} µs");
        sb.AppendLine();
        sb.AppendLine("| job | target | MiB/s | IOPS | p50 µs | p99 µs | vs nbdkit (same transport) | vs unreplicated |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var transport = r.Target.EndsWith("(tcp+tls)", StringComparison.Ordinal) ? KitTls
                : r.Target.EndsWith("(tcp)", StringComparison.Ordinal) ? KitTcp : KitUnix;
            var kit = results.First(x => x.Job == r.Job && x.Target == transport);
            var solo = results.First(x => x.Job == r.Job && x.Target == SoloUnix);
            var vsKit = r.Target is KitUnix or KitTcp or KitTls ? "—" : (r.MiBps / kit.MiBps).ToString("F2", inv) + "×";
            var vsSolo = r.Target is SyncUnix or AsyncUnix ? (r.MiBps / solo.MiBps).ToString("F2", inv) + "×" : "—";
            sb.AppendLine(inv, $"| {r.Job} | {r.Target} | {r.MiBps:F1} | {r.Iops:F0} | {r.P50Us:F1} | {r.P99Us:F1} | {vsKit} | {vsSolo} |");
        }

        var durable = "durable-write-4k-qd1 (fsync=1)";
        if (!results.Any(x => x.Job == durable))
        {
            return sb.ToString(); // --jobs left it out
        }

        double Durable(string target)
        {
            // With fsync=1 every write is followed by a flush: the durable latency of one write is write + flush.
            var r = results.First(x => x.Job == durable && x.Target == target);
            return r.P50Us + r.SyncP50Us;
        }

        var (kitDurable, localDurable, syncDurable) = (Durable(KitUnix), Durable(SoloUnix), Durable(SyncUnix));
        sb.AppendLine();
        sb.AppendLine(inv, $"Durable 4 KiB QD1 (write + flush p50): nbdkit {kitDurable:F1} µs, vigil unreplicated {localDurable:F1} µs, vigil sync {syncDurable:F1} µs.");
        foreach (var (name, local) in new[] { ("vigil unreplicated", localDurable), ("nbdkit", kitDurable) })
        {
            var goal = local + rttUs + 100;
            sb.AppendLine(inv, $"Goal sync ≤ local durable ({name}) + RTT + 100 µs = {goal:F1} µs: {(syncDurable <= goal ? "met" : "NOT met")}.");
        }

        return sb.ToString();
    }

    private static string FioVersion()
    {
        using var p = Process.Start(new ProcessStartInfo("fio", "--version") { RedirectStandardOutput = true })!;
        var v = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return v;
    }
}
