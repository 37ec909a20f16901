using System.Collections.Immutable;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Journal;

namespace Vigil.Engine.Simulation;

/// <summary>
/// A whole cluster under deterministic simulation: nodes beating over several comm paths through an in-memory
/// transport, a membership verdict (all paths dead, seen by a majority → fence, then declare dead), the real engine
/// journaling into a real store, periodic checks, and kits that take seeded time and fail where the fault rules say. Reproducible
/// from <see cref="SimulationOptions.Seed"/>.
/// </summary>
public sealed partial class SimulatedCluster : IAsyncDisposable
{
    private readonly Random _random;
    private readonly JournaledEngine _engine;
    private readonly SortedDictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string, string)> _cutPaths = [];
    private readonly List<FaultRule> _faultRules = [];

    /// <summary>Set when a kit started a resource somewhere since the invariant was last checked.</summary>
    private bool _started;

    private SimulatedCluster(SimulationOptions options, SimulatedTime time, JournaledEngine engine)
    {
        Options = options;
        Time = time;
        _engine = engine;
        _random = new Random(options.Seed);
        foreach (var n in options.Nodes)
        {
            _nodes[n] = new SimulatedNode(n);
        }
    }

    public SimulationOptions Options { get; }

    public SimulatedTime Time { get; }

    public JournaledEngine Engine => _engine;

    public IReadOnlyDictionary<string, SimulatedNode> Nodes => _nodes;

    /// <summary>Every time the ground truth had a hierarchy (any of its resources) running on two live nodes at once (must stay empty).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>What happened, in virtual time, for people to read.</summary>
    public List<(DateTimeOffset At, string What)> Timeline { get; } = [];

    /// <summary>Crash → declared dead, per crash detected.</summary>
    public List<(string Node, TimeSpan Detection)> Detections { get; } = [];

    /// <summary>Inputs the engine refused (a simulation's own commands should never be).</summary>
    public List<EngineError> Refusals { get; } = [];

    public static async ValueTask<SimulatedCluster> StartAsync(SimulationOptions options, IJournalStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = new SimulatedTime(options.Start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(options.Seed % 86_400));
        var engine = await JournaledEngine.OpenAsync(store, options.Nodes[0], EngineEvents.Serializer, time, cancellationToken);
        var sim = new SimulatedCluster(options, time, engine);
        var types = options.ResourceTypes.Select(SimulatedKits.TypeFor).ToImmutableArray();
        foreach (var node in options.Nodes)
        {
            await sim.SubmitAsync(new ConfigurationCommands.AddNode(node));
            await sim.SubmitAsync(new ConfigurationCommands.RegisterResourceTypes(node, types));
        }

        sim.StartHeartbeats();
        sim.StartChecks();
        return sim;
    }

    /// <summary>Submits an input as the deciding node and schedules the kit actions it decided.</summary>
    public async ValueTask<SubmitResult> SubmitAsync(IEngineInput input)
    {
        var result = await _engine.SubmitAsync(input);
        if (result.Refused)
        {
            Refusals.Add(result.Decision.Error!);
            Note($"refused {input.GetType().Name}: {result.Decision.Error}");
            return result;
        }

        foreach (var d in result.Decision.Events)
        {
            switch (d)
            {
                case Events.InstanceEvents.ActionRequested a:
                    ScheduleKitAction(a);
                    break;
                case Events.OperationEvents.OperationStarted s:
                    Note($"operation #{s.OperationId} {s.Kind.ToString().ToLowerInvariant()} of [{string.Join(", ", s.Members)}] from {s.From ?? "-"} to {s.Target ?? "-"}: {s.Cause}");
                    break;
                case Events.OperationEvents.OperationCascaded c:
                    Note($"operation #{c.OperationId} cascades from {c.FailedNode} to {c.Target ?? "nowhere"}: {c.Reason}");
                    break;
                case Events.OperationEvents.OperationCompleted c:
                    Note($"operation #{c.OperationId} completed on {c.Node}");
                    break;
                case Events.OperationEvents.OperationFailed f:
                    Note($"operation #{f.OperationId} FAILED: {string.Join("; ", f.Reasons)}");
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    /// <summary>Advances virtual time, checking the single-owner invariant after every event.</summary>
    public ValueTask RunForAsync(TimeSpan span) => Time.RunUntilAsync(Time.GetUtcNow() + span, CheckInvariant);

    /// <summary>Runs until <paramref name="condition"/> holds or <paramref name="limit"/> of virtual time passed; true if it held.</summary>
    public async ValueTask<bool> RunUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Time.GetUtcNow() + limit;
        var step = Options.HeartbeatInterval / 4;
        while (!condition())
        {
            if (Time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Time.RunUntilAsync(Time.GetUtcNow() + step, CheckInvariant);
        }

        return true;
    }

    public void AddFaultRule(FaultRule rule) => _faultRules.Add(rule);

    /// <summary>The engine's view: the resource and everything it depends on are in service on <paramref name="node"/>.</summary>
    public bool IsInServiceOn(string tag, string node)
    {
        var state = _engine.Engine.State;
        return state.Resources.ContainsKey(tag)
            && state.Descendants(tag).All(t => state.FindInstance(t, node)?.State.IsInService() == true);
    }

    /// <summary>Where the engine has the resource in service, or null.</summary>
    public string? InServiceNode(string tag) =>
        _engine.Engine.State.Resources.TryGetValue(tag, out var r)
            ? r.Instances.Values.FirstOrDefault(i => i.State.IsInService())?.Node
            : null;

    public ValueTask DisposeAsync()
    {
        _engine.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Note(string what) => Timeline.Add((Time.GetUtcNow(), what));

    private ValueTask CheckInvariant()
    {
        // Only a start can put a resource on a second node: after events that started nothing, nothing to check.
        if (!_started)
        {
            return ValueTask.CompletedTask;
        }

        _started = false;
        // Keyed by hierarchy (its first tag): one live owner per hierarchy, which also covers one per resource.
        var state = _engine.Engine.State;
        var owners = new Dictionary<string, (string Node, string Tag)>(StringComparer.Ordinal);
        foreach (var node in _nodes.Values)
        {
            if (!node.Up)
            {
                continue;
            }

            foreach (var tag in node.Running)
            {
                var hierarchy = state.Resources.ContainsKey(tag) ? state.Hierarchy(tag)[0] : tag;
                if (!owners.TryGetValue(hierarchy, out var owner))
                {
                    owners[hierarchy] = (node.Name, tag);
                }
                else if (owner.Node != node.Name)
                {
                    Violations.Add($"{Time.GetUtcNow():O}: hierarchy of {tag} runs on {owner.Node} ({owner.Tag}) and {node.Name} ({tag})");
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
