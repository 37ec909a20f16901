using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil lab</c>: a whole cluster on this machine (loopback mode) with fault injection.</summary>
internal static class LabCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = new Option<string>("--dir") { Description = "Lab directory", Required = true };
        var lab = new Command("lab", "Run a whole cluster on this machine and inject faults") { dir };
        lab.Options.Remove(dir);
        lab.Subcommands.Add(Up(dir, output, error));
        lab.Subcommands.Add(Status(dir, output, error));
        lab.Subcommands.Add(NodeAction("crash", "Kill every process of a node at once, as a dead machine", dir, output, error, async (c, state, node) =>
        {
            // The instant the node stopped (before the kills were reaped), for measurements: unix milliseconds.
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            c.Crash(node);
            state.Save(c.Dir);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{node.Name} crashed at {at} (unix ms)"));
        }));
        lab.Subcommands.Add(NodeAction("restart", "Start a stopped or crashed node again and wait until it is ready", dir, output, error, async (c, state, node) =>
        {
            LabController.Stop(node);
            node.Pid = await c.StartAsync(node.Name, TimeSpan.FromSeconds(60));
            state.Save(c.Dir);
            await output.WriteLineAsync($"{node.Name} ready (pid {node.Pid})");
        }));
        lab.Subcommands.Add(Down(dir, output, error));
        lab.Subcommands.Add(CutOrHeal("cut", dir, output, error));
        lab.Subcommands.Add(CutOrHeal("heal", dir, output, error));
        lab.Subcommands.Add(Partition(dir, output, error));
        lab.Subcommands.Add(NodeAction("freeze", "Freeze every process of a node (cgroup freezer): a hung machine", dir, output, error, async (c, state, node) =>
        {
            LabFreezer.Set(state.LabId, node.Name, frozen: true);
            await output.WriteLineAsync($"{node.Name} frozen");
        }));
        lab.Subcommands.Add(NodeAction("thaw", "Thaw a frozen node", dir, output, error, async (c, state, node) =>
        {
            LabFreezer.Set(state.LabId, node.Name, frozen: false);
            await output.WriteLineAsync($"{node.Name} thawed");
        }));
        lab.Subcommands.Add(Exec(dir, output, error));
        lab.Subcommands.Add(LabAddNodeCommand.Create(dir, output, error));
        lab.Subcommands.Add(Bench(dir, output, error));
        return lab;
    }

    private static Command Up(Option<string> dir, TextWriter output, TextWriter error)
    {
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (2-9)", DefaultValueFactory = _ => 3 };
        var profile = new Option<string>("--profile") { Description = "Heartbeat profile: default or fast", DefaultValueFactory = _ => "default" };
        var paths = new Option<string>("--paths") { Description = "Comm paths", DefaultValueFactory = _ => "udp, tcp, disk" };
        var namespaces = new Option<bool?>("--namespaces") { Description = "Network namespaces per node (default: yes when root, else loopback ports)" };
        var subnet2 = new Option<string[]>("--subnet2") { Description = "Nodes whose public interfaces sit on the routed second subnet (namespace mode)", AllowMultipleArgumentsPerToken = true };
        var witness = new Option<bool>("--witness") { Description = "Add a witness node (votes, holds no resources); required with --nodes 2" };
        var quorum = new Option<string>("--quorum") { Description = "majority (default) or none: no lease, allows --nodes 2 without a witness", DefaultValueFactory = _ => "majority" };
        var fencing = new Option<string?>("--fencing") { Description = "lab: the survivors power a dead node off with the lab's fence agent before taking over (default as root); none: they wait for its lease" };
        var placement = new Option<string>("--leader-placement") { Description = "fewest-resources (default): the Raft leadership stays off nodes that run resources; any: Raft alone decides (to crash a leader that runs them)", DefaultValueFactory = _ => "fewest-resources" };
        var up = new Command("up", "Create the lab and start every node; returns when all are ready") { dir, nodes, profile, paths, namespaces, subnet2, witness, quorum, fencing, placement };
        up.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(nodes);
            if (count is < 2 or > 9)
            {
                await error.WriteLineAsync($"error: --nodes {count}: a lab has 2 to 9 nodes");
                return CliApp.BadInput;
            }

            var c = new LabController(parse.GetValue(dir)!);
            try
            {
                var netns = parse.GetValue(namespaces) ?? Shell.IsRoot;
                if (netns && !Shell.IsRoot)
                {
                    await error.WriteLineAsync("error: --namespaces needs root");
                    return CliApp.BadInput;
                }

                var mode = parse.GetValue(quorum)!;
                if (mode is not ("majority" or "none"))
                {
                    await error.WriteLineAsync($"error: --quorum {mode}: majority or none");
                    return CliApp.BadInput;
                }

                if (count == 2 && !parse.GetValue(witness) && mode != "none")
                {
                    await error.WriteLineAsync("error: --nodes 2: a two-node cluster needs a witness to break ties; add --witness (or --quorum none to run without one, unprotected)");
                    return CliApp.BadInput;
                }

                var fence = parse.GetValue(fencing) ?? (Shell.IsRoot ? "lab" : "none");
                if (fence is not ("lab" or "none") || (fence == "lab" && !Shell.IsRoot))
                {
                    await error.WriteLineAsync($"error: --fencing {fence}: lab (needs root) or none");
                    return CliApp.BadInput;
                }

                var leaders = parse.GetValue(placement)!;
                if (leaders is not ("fewest-resources" or "any"))
                {
                    await error.WriteLineAsync($"error: --leader-placement {leaders}: fewest-resources or any");
                    return CliApp.BadInput;
                }

                var state = c.Create(count, parse.GetValue(profile)!, parse.GetValue(paths)!, netns, parse.GetValue(subnet2) ?? [], parse.GetValue(witness), mode, fence, leaders);
                foreach (var n in state.Nodes)
                {
                    n.Pid = await c.StartAsync(n.Name, TimeSpan.FromSeconds(60), ct);
                    state.Save(c.Dir);
                    await output.WriteLineAsync($"{n.Name}{(n.Witness ? " (witness)" : string.Empty)} ready (pid {n.Pid}, udp {n.UdpPort}, tcp {n.TcpPort}, raft {n.RaftPort})");
                }

                await output.WriteLineAsync($"lab up: {state.Nodes.Count} nodes in {c.Dir} ({(state.Namespaces ? $"network namespaces {state.LabId}-*" : "loopback ports")}, fencing {state.Fencing})");
                return CliApp.Ok;
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return CliApp.CheckFailed;
            }
        });
        return up;
    }

    private static Command Status(Option<string> dir, TextWriter output, TextWriter error)
    {
        var status = new Command("status", "Show the lab's nodes and whether their processes run") { dir };
        status.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            foreach (var n in state.Nodes)
            {
                await output.WriteLineAsync($"{n.Name}  {(LabController.IsRunning(n) ? "running" : "DOWN"),-8} pid {n.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"}  udp {n.UdpPort}  tcp {n.TcpPort}");
            }

            return CliApp.Ok;
        });
        return status;
    }

    private static Command Down(Option<string> dir, TextWriter output, TextWriter error)
    {
        var down = new Command("down", "Stop every node of the lab (the directory and journals stay)") { dir };
        down.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var count = LabState.Load(c.Dir).Nodes.Count;
            c.Down();
            await output.WriteLineAsync($"lab down: {count} nodes stopped; journals kept in {c.Dir}");
            return CliApp.Ok;
        });
        return down;
    }

    private static Command CutOrHeal(string verb, Option<string> dir, TextWriter output, TextWriter error)
    {
        var node = new Argument<string>("node") { Description = "Node name" };
        var path = new Argument<string>("path") { Description = "udp, tcp, disk or all", DefaultValueFactory = _ => "all" };
        var command = new Command(verb, verb == "cut" ? "Cut one comm path of a node, or all" : "Heal a cut path (or all) of a node") { dir, node, path };
        command.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            try
            {
                c.Cut(state.Node(parse.GetValue(node)!), parse.GetValue(path)!, heal: verb == "heal");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return CliApp.BadInput;
            }

            await output.WriteLineAsync($"{parse.GetValue(node)}: {parse.GetValue(path)} {(verb == "cut" ? "cut" : "healed")}");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Partition(Option<string> dir, TextWriter output, TextWriter error)
    {
        var groups = new Argument<string>("groups") { Description = "Two groups, e.g. node1,node2/node3" };
        var heal = new Option<bool>("--heal") { Description = "Remove the partition instead" };
        var command = new Command("partition", "Split the networks between two groups of nodes (the disk region stays shared)") { dir, groups, heal };
        command.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            var sides = parse.GetValue(groups)!.Split('/');
            if (!state.Namespaces || sides.Length != 2)
            {
                await error.WriteLineAsync(state.Namespaces ? "error: give two groups: A,B/C" : "error: partitions need the namespace lab (run as root)");
                return CliApp.BadInput;
            }

            try
            {
                var a = sides[0].Split(',').Select(state.Node).ToList();
                var b = sides[1].Split(',').Select(state.Node).ToList();
                new LabNetwork(state.LabId).Partition(a, b, parse.GetValue(heal));
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return CliApp.BadInput;
            }

            await output.WriteLineAsync($"{(parse.GetValue(heal) ? "healed" : "partitioned")}: {parse.GetValue(groups)}");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Exec(Option<string> dir, TextWriter output, TextWriter error)
    {
        var node = new Argument<string>("node") { Description = "Node name" };
        var argv = new Argument<string[]>("command") { Description = "Command to run on the node (after --)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Run a command on a node (inside its network namespace)") { dir, node, argv };
        command.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            var args = parse.GetValue(argv)!;
            var psi = state.Namespaces
                ? new System.Diagnostics.ProcessStartInfo("ip", ["netns", "exec", new LabNetwork(state.LabId).Namespace(state.Node(parse.GetValue(node)!).Name), .. args])
                : new System.Diagnostics.ProcessStartInfo(args[0], args[1..]);
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            using var p = System.Diagnostics.Process.Start(psi)!;
            await output.WriteAsync(await p.StandardOutput.ReadToEndAsync(ct));
            await error.WriteAsync(await p.StandardError.ReadToEndAsync(ct));
            await p.WaitForExitAsync(ct);
            return p.ExitCode;
        });
        return command;
    }

    private static Command NodeAction(string name, string description, Option<string> dir, TextWriter output, TextWriter error,
        Func<LabController, LabState, LabNode, Task> action)
    {
        var node = new Argument<string>("node") { Description = "Node name, e.g. node2" };
        var command = new Command(name, description) { dir, node };
        command.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            var target = state.Nodes.FirstOrDefault(n => n.Name == parse.GetValue(node));
            if (target is null)
            {
                await error.WriteLineAsync($"error: no node '{parse.GetValue(node)}' in this lab ({string.Join(", ", state.Nodes.Select(n => n.Name))})");
                return CliApp.BadInput;
            }

            await action(c, state, target);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Bench(Option<string> dir, TextWriter output, TextWriter error)
    {
        var crashes = new Option<int>("--crashes") { Description = "How many crashes to measure", DefaultValueFactory = _ => 20 };
        var detection = new Command("detection", "Crash the last node repeatedly; measure crash → every path to it DEAD at node1") { dir, crashes };
        detection.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            var victim = state.Nodes[^1];
            var observer = state.Nodes[0].Name;
            var paths = state.Paths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length;
            var samples = new List<double>();
            var verdicts = new List<double>();
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));

            // A lab just started on a busy machine may still be forming (the victim found dead before its first beat
            // and not yet rejoined): the first crash must start from a member in good standing, past its grace.
            bool Member(List<Vigil.Journal.RecordedEvent> j) =>
                j.LastOrDefault(e => e.Envelope.Data is Vigil.Engine.Events.NodeEvents.NodeDeclaredDead d && d.Node == victim.Name
                    || e.Envelope.Data is Vigil.Engine.Events.NodeEvents.NodeRejoined r && r.Node == victim.Name)?.Envelope.Data
                    is not Vigil.Engine.Events.NodeEvents.NodeDeclaredDead
                && j.Where(e => e.Envelope.Data is MembershipInputs.ReportPathState p && p.Peer == victim.Name)
                    .GroupBy(e => ((MembershipInputs.ReportPathState)e.Envelope.Data).Path)
                    .Count(g => ((MembershipInputs.ReportPathState)g.Last().Envelope.Data).Alive) >= paths;
            var settling = DateTimeOffset.UtcNow;
            while (!Member(await c.ReadJournalAsync(observer)))
            {
                if (DateTimeOffset.UtcNow - settling > TimeSpan.FromSeconds(60))
                {
                    await error.WriteLineAsync($"error: {victim.Name} is not a live member at {observer} 60 s after the lab came up");
                    return CliApp.CheckFailed;
                }

                await tick.WaitForNextTickAsync(ct);
            }

            await Task.Delay((state.Profile == "fast" ? Vigil.Membership.HeartbeatProfile.Fast : Vigil.Membership.HeartbeatProfile.Default).Grace, ct);
            for (var i = 0; i < parse.GetValue(crashes); i++)
            {
                var before = (await c.ReadJournalAsync(observer)).Count;
                var crashedAt = DateTimeOffset.UtcNow;
                c.Crash(victim);
                DateTimeOffset? detectedAt = null;
                while (detectedAt is null && DateTimeOffset.UtcNow - crashedAt < TimeSpan.FromSeconds(30))
                {
                    await tick.WaitForNextTickAsync(ct);
                    var dead = (await c.ReadJournalAsync(observer)).Skip(before)
                        .Where(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false } p && p.Peer == victim.Name).ToList();
                    var verdict = (await c.ReadJournalAsync(observer)).Skip(before)
                        .FirstOrDefault(e => e.Envelope.Data is Vigil.Engine.Events.NodeEvents.NodeDeclaredDead d && d.Node == victim.Name);
                    if (dead.Count >= paths && verdict is not null)
                    {
                        detectedAt = dead.Max(e => e.Envelope.Timestamp);
                        verdicts.Add((verdict.Envelope.Timestamp - crashedAt).TotalMilliseconds);
                    }
                }

                if (detectedAt is null)
                {
                    await error.WriteLineAsync($"error: crash {i + 1}: {observer} did not find every path to {victim.Name} DEAD and journal its verdict within 30 s");
                    return CliApp.CheckFailed;
                }

                samples.Add((detectedAt.Value - crashedAt).TotalMilliseconds);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"crash {i + 1,2}: every path DEAD {samples[^1],7:F1} ms, declared dead (committed) {verdicts[^1],7:F1} ms"));
                var restarted = (await c.ReadJournalAsync(observer)).Count;
                victim.Pid = await c.StartAsync(victim.Name, TimeSpan.FromSeconds(60), ct);
                state.Save(c.Dir);

                // Crash again only once the observer hears every path again and the node has rejoined.
                bool Back(List<Vigil.Journal.RecordedEvent> j) =>
                    j.Skip(restarted).Count(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: true } p && p.Peer == victim.Name) >= paths
                    && j.Skip(restarted).Any(e => e.Envelope.Data is Vigil.Engine.Events.NodeEvents.NodeRejoined r && r.Node == victim.Name);
                while (!Back(await c.ReadJournalAsync(observer)))
                {
                    await tick.WaitForNextTickAsync(ct);
                }

                // And only once its start-up grace is over: a node is not judged during it (docs/operations.md), so
                // a crash inside it measures the grace, not detection.
                var grace = (state.Profile == "fast" ? Vigil.Membership.HeartbeatProfile.Fast : Vigil.Membership.HeartbeatProfile.Default).Grace;
                var firstBeat = (await c.ReadJournalAsync(observer)).Skip(restarted)
                    .First(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: true } p && p.Peer == victim.Name).Envelope.Timestamp;
                while (DateTimeOffset.UtcNow < firstBeat + grace)
                {
                    await tick.WaitForNextTickAsync(ct);
                }
            }

            samples.Sort();
            verdicts.Sort();
            static double Percentile(List<double> s, double p) => s[Math.Min(s.Count - 1, (int)Math.Ceiling(p * s.Count) - 1)];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"over {samples.Count} crashes ({state.Profile} profile, {state.Paths}): every path DEAD median {Percentile(samples, 0.5):F1} ms, p99 {Percentile(samples, 0.99):F1} ms; declared dead by the majority median {Percentile(verdicts, 0.5):F1} ms, p99 {Percentile(verdicts, 0.99):F1} ms"));
            return CliApp.Ok;
        });
        var minutes = new Option<double>("--minutes") { Description = "How long to watch", DefaultValueFactory = _ => 10 };
        var hogs = new Option<int>("--cpu-hogs") { Description = "Busy-loop processes to run meanwhile (saturate the cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var falseDead = new Command("false-dead", "Count DEAD paths while every node is healthy, under CPU saturation (start the lab with VIGIL_STRESS=1 for GC and thread-pool stress too)") { dir, minutes, hogs };
        falseDead.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var state = LabState.Load(c.Dir);
            var before = new Dictionary<string, int>();
            foreach (var n in state.Nodes)
            {
                before[n.Name] = (await c.ReadJournalAsync(n.Name)).Count;
            }

            var busy = Enumerable.Range(0, parse.GetValue(hogs))
                .Select(_ => System.Diagnostics.Process.Start("/bin/sh", ["-c", "while :; do :; done"])).ToList();
            try
            {
                using var done = new CancellationTokenSource(TimeSpan.FromMinutes(parse.GetValue(minutes)));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(done.Token, ct);
                try
                {
                    await Task.Delay(Timeout.Infinite, linked.Token);
                }
                catch (OperationCanceledException) when (done.IsCancellationRequested)
                {
                }
            }
            finally
            {
                foreach (var p in busy)
                {
                    p.Kill();
                    p.Dispose();
                }
            }

            var falseDeads = 0;
            foreach (var n in state.Nodes)
            {
                var dead = (await c.ReadJournalAsync(n.Name)).Skip(before[n.Name]).Count(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false });
                falseDeads += dead;
                await output.WriteLineAsync($"{n.Name}: {dead} DEAD path transitions");
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"false DEADs in {parse.GetValue(minutes)} min with {busy.Count} CPU hogs (stress in vigild: {Environment.GetEnvironmentVariable("VIGIL_STRESS") == "1"}): {falseDeads}"));
            return falseDeads == 0 ? CliApp.Ok : CliApp.CheckFailed;
        });
        return new Command("bench", "Measure the lab") { detection, falseDead };
    }
}
