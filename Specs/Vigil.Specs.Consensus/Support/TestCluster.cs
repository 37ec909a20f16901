using System.Net;
using System.Net.Sockets;
using Vigil.Consensus;
using Vigil.Engine.Commands;

namespace Vigil.Specs.Consensus.Support;

/// <summary>
/// N consensus nodes in this process on free loopback ports, each with its own data directory under one temp
/// directory. Nodes can be stopped and restarted (a new <see cref="ConsensusNode"/> on the same directory).
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    // Loaded 2-core machine: the product default (150/300 ms) causes needless elections when the test host stalls.
    private static readonly TimeSpan LowerElection = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan UpperElection = TimeSpan.FromMilliseconds(600);

    private readonly string _root = Directory.CreateTempSubdirectory("vigil-consensus-").FullName;
    private readonly Dictionary<string, NodeRecorder> _running = new(StringComparer.Ordinal);
    private readonly Func<string, ConsensusTlsOptions?> _tls;
    private readonly TimeSpan _proposeTimeout;

    public TestCluster(int size, Func<string, ConsensusTlsOptions?>? tls = null, TimeSpan? proposeTimeout = null)
    {
        Names = [.. Enumerable.Range(1, size).Select(i => $"n{i}")];
        Members = Names.ToDictionary(n => n, _ => new IPEndPoint(IPAddress.Loopback, FreePort()), StringComparer.Ordinal);
        _tls = tls ?? (_ => null);
        _proposeTimeout = proposeTimeout ?? TimeSpan.FromSeconds(3);
    }

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, IPEndPoint> Members { get; }

    /// <summary>Nodes started later with <see cref="StartJoiningAsync"/> (name → endpoint); not in <see cref="Members"/>.</summary>
    public Dictionary<string, IPEndPoint> Joiners { get; } = new(StringComparer.Ordinal);

    public NodeRecorder this[string name] => _running[name];

    public IReadOnlyCollection<NodeRecorder> Running => _running.Values;

    public static async Task<TestCluster> StartAsync(int size, Func<string, ConsensusTlsOptions?>? tls = null, TimeSpan? proposeTimeout = null)
    {
        var cluster = new TestCluster(size, tls, proposeTimeout);
        foreach (var name in cluster.Names)
        {
            await cluster.StartNodeAsync(name);
        }

        return cluster;
    }

    public async Task<NodeRecorder> StartNodeAsync(string name)
    {
        var joining = Joiners.ContainsKey(name);
        var node = new ConsensusNode(new ConsensusOptions
        {
            // A joiner knows only itself (vigild also knows a member to ask): Raft learns the rest from the leader.
            Members = joining ? new Dictionary<string, IPEndPoint> { [name] = Joiners[name] } : Members,
            Joining = joining,
            LocalName = name,
            DataDirectory = Path.Combine(_root, name),
            LowerElectionTimeout = LowerElection,
            UpperElectionTimeout = UpperElection,
            ProposeTimeout = _proposeTimeout,
            Tls = _tls(name),
        });
        foreach (var (other, endPoint) in Members.Concat(Joiners))
        {
            node.LearnMember(other, endPoint); // vigild learns them from the replicated configuration
        }

        var recorder = new NodeRecorder(node);
        _running.Add(name, recorder);
        await node.StartAsync();
        return recorder;
    }

    public async Task StopNodeAsync(string name)
    {
        var recorder = _running[name];
        _running.Remove(name);
        await recorder.DisposeAsync();
    }

    /// <summary>Starts a new node that is not a member yet: it waits, without voting, until a leader adds it.</summary>
    public Task<NodeRecorder> StartJoiningAsync(string name)
    {
        Joiners.TryAdd(name, new IPEndPoint(IPAddress.Loopback, FreePort()));
        var endPoint = Joiners[name];
        foreach (var running in _running.Values)
        {
            // vigild's members learn a joiner's name from the committed join; without it one that elects the joiner
            // could only say its address.
            running.Node.LearnMember(name, endPoint);
        }

        return StartNodeAsync(name);
    }

    /// <summary>Waits until one running node leads and every running node in <paramref name="among"/> follows it.</summary>
    public async Task<NodeRecorder> WaitForLeaderAsync(IEnumerable<string>? among = null)
    {
        var group = (among ?? _running.Keys).ToArray();
        NodeRecorder? leader = null;
        await Eventually.HoldsAsync(
            () =>
            {
                var leaders = group.Where(n => _running[n].Node.IsLeader).ToArray();
                leader = leaders.Length == 1 ? _running[leaders[0]] : null;
                return leader is not null && group.All(n => _running[n].Node.LeaderName == leaders[0]);
            },
            Patience,
            () => "one leader followed by " + string.Join(", ", group.Select(n => $"{n}→{_running[n].Node.LeaderName ?? "none"}")));
        return leader!;
    }

    /// <summary>Proposes on whoever leads, following leader changes, until committed or out of patience.</summary>
    public async Task<ProposeResult> ProposeOnLeaderAsync(IEngineInput input, IEnumerable<string>? among = null)
    {
        var group = among?.ToArray();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var leader = await WaitForLeaderAsync(group);
            var result = await leader.Node.ProposeAsync(input);
            if (result.IsCommitted || DateTime.UtcNow >= deadline)
            {
                return result;
            }
        }
    }

    /// <summary>The membership a node persisted (its data directory's <c>members</c> file), for diagnostics.</summary>
    public string PersistedMembers(string name) =>
        File.Exists(Path.Combine(_root, name, "members")) ? File.ReadAllText(Path.Combine(_root, name, "members")).ReplaceLineEndings(" ") : "(none)";

    public async ValueTask DisposeAsync()
    {
        foreach (var recorder in _running.Values)
        {
            await recorder.DisposeAsync();
        }

        _running.Clear();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A straggling file handle: the OS cleans temp.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
