using Vigil.Engine.Commands;

namespace Vigil.Engine.Simulation;

public sealed partial class SimulatedCluster
{
    private readonly Dictionary<string, DateTimeOffset> _crashedAt = new(StringComparer.Ordinal);
    private readonly HashSet<(string Observer, string Peer, string Path)> _deadPaths = [];

    /// <summary>Crashes a node now: its processes die (nothing runs there any more) and it stops beating.</summary>
    public void Crash(string node)
    {
        var n = _nodes[node];
        if (!n.Up)
        {
            return;
        }

        n.Up = false;
        n.Incarnation++;
        n.Running.Clear();
        _crashedAt[node] = Time.GetUtcNow();
        Note($"{node} crashed");
    }

    /// <summary>Boots a crashed node: empty, beating again; the cluster notices and lets it rejoin.</summary>
    public void Restart(string node)
    {
        var n = _nodes[node];
        if (n.Up)
        {
            return;
        }

        n.Up = true;
        n.LastHeard.Clear();
        foreach (var peer in _nodes.Keys.Where(p => p != node))
        {
            foreach (var path in Options.Paths)
            {
                n.LastHeard[(peer, path)] = Time.GetUtcNow();
            }
        }

        Note($"{node} restarted");
    }

    public void CutPath(string a, string b, string path)
    {
        _cutPaths.Add(Key(a, b, path));
        Note($"path {path} {a}<->{b} cut");
    }

    public void HealPath(string a, string b, string path)
    {
        _cutPaths.Remove(Key(a, b, path));
        Note($"path {path} {a}<->{b} healed");
    }

    private static (string, string, string) Key(string a, string b, string path) =>
        string.CompareOrdinal(a, b) < 0 ? (a, b, path) : (b, a, path);

    private void StartHeartbeats()
    {
        var now = Time.GetUtcNow();
        foreach (var n in _nodes.Values)
        {
            foreach (var peer in _nodes.Keys.Where(p => p != n.Name))
            {
                foreach (var path in Options.Paths)
                {
                    n.LastHeard[(peer, path)] = now;
                }
            }

            var offset = TimeSpan.FromTicks((long)(_random.NextDouble() * Options.HeartbeatInterval.Ticks));
            Time.Schedule(offset, () => Beat(n));
        }

        Time.Schedule(Options.HeartbeatInterval / 2, Verdicts);
    }

    private void Beat(SimulatedNode sender)
    {
        if (sender.Up)
        {
            foreach (var receiver in _nodes.Values.Where(r => r.Name != sender.Name))
            {
                foreach (var path in Options.Paths)
                {
                    if (_cutPaths.Contains(Key(sender.Name, receiver.Name, path)) || _random.NextDouble() < Options.LossRate)
                    {
                        continue;
                    }

                    var latency = Options.MinLatency + ((Options.MaxLatency - Options.MinLatency) * _random.NextDouble());
                    var incarnation = receiver.Incarnation;
                    var from = sender.Name;
                    Time.Schedule(latency, () =>
                    {
                        if (receiver.Up && receiver.Incarnation == incarnation)
                        {
                            receiver.LastHeard[(from, path)] = Time.GetUtcNow();
                        }
                    });
                }
            }
        }

        Time.Schedule(Options.HeartbeatInterval, () => Beat(sender));
    }

    private bool AllPathsDead(SimulatedNode observer, string peer)
    {
        var limit = Options.HeartbeatInterval * Options.MissCount;
        var now = Time.GetUtcNow();
        foreach (var p in Options.Paths)
        {
            if (now - observer.LastHeard.GetValueOrDefault((peer, p), now) <= limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The membership verdict: a node is dead when a majority of the live others lost every path to it.</summary>
    private async ValueTask Verdicts()
    {
        await ObservePathsAsync();
        var state = _engine.Engine.State;
        foreach (var node in _nodes.Values)
        {
            // Counted in place: this runs every half interval for every node, the campaign's hottest loop.
            int observers = 0, deadVotes = 0;
            foreach (var o in _nodes.Values)
            {
                if (o.Up && o.Name != node.Name)
                {
                    observers++;
                    deadVotes += AllPathsDead(o, node.Name) ? 1 : 0;
                }
            }

            if (observers == 0 || !state.Nodes.TryGetValue(node.Name, out var known))
            {
                continue;
            }

            if (known.Alive && deadVotes * 2 > observers)
            {
                // Takeover only after fencing: a node the majority cannot hear is killed before anything moves.
                if (node.Up)
                {
                    Note($"{node.Name} fenced (every path dead for {deadVotes}/{observers} observers)");
                    Crash(node.Name);
                }

                await EnsureDeciderAliveAsync();
                await ObservePathsAsync();
                if (_crashedAt.TryGetValue(node.Name, out var at))
                {
                    Detections.Add((node.Name, Time.GetUtcNow() - at));
                }

                Note($"{node.Name} declared dead");
                await SubmitAsync(new MembershipInputs.DeclareNodeDead(node.Name, $"all {Options.Paths.Count} comm paths dead"));
            }
            else if (!known.Alive && node.Up && (observers - deadVotes) * 2 > observers)
            {
                await EnsureDeciderAliveAsync();
                Note($"{node.Name} rejoined");
                await SubmitAsync(new MembershipInputs.ReportNodeRejoined(node.Name));
            }
        }

        Time.Schedule(Options.HeartbeatInterval / 2, Verdicts);
    }

    /// <summary>The deciding node journals its own comm path transitions, as vigild does (inputs for `vigil why`).</summary>
    private async ValueTask ObservePathsAsync()
    {
        var observer = _nodes[_engine.Writer.Node];
        if (!observer.Up)
        {
            return;
        }

        var limit = Options.HeartbeatInterval * Options.MissCount;
        var now = Time.GetUtcNow();
        foreach (var peer in _nodes.Keys.Where(p => p != observer.Name))
        {
            foreach (var path in Options.Paths)
            {
                var silence = now - observer.LastHeard.GetValueOrDefault((peer, path), now);
                var dead = silence > limit;
                var key = (observer.Name, peer, path);
                if (dead != _deadPaths.Contains(key))
                {
                    if (dead)
                    {
                        _deadPaths.Add(key);
                    }
                    else
                    {
                        _deadPaths.Remove(key);
                    }

                    await SubmitAsync(new MembershipInputs.ReportPathState(observer.Name, peer, path, !dead, dead ? (long)silence.TotalMilliseconds : 0));
                }
            }
        }
    }

    /// <summary>The deciding node is the first live one; when it died, the next takes over the journal.</summary>
    private async ValueTask EnsureDeciderAliveAsync()
    {
        if (_nodes[_engine.Writer.Node].Up)
        {
            return;
        }

        var next = _nodes.Values.FirstOrDefault(n => n.Up);
        if (next is not null)
        {
            await _engine.HandOverAsync(next.Name);
            Note($"{next.Name} now decides");
        }
    }
}
