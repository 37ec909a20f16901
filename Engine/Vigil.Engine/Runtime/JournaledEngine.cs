using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Engine.Runtime;

/// <summary>
/// The engine with its journal: each accepted input is appended with its decisions in one atomic batch (input
/// first, decisions caused by it, sharing its correlation id). A refused input appends nothing. If the append
/// fails the in-memory state is ahead of the journal, so the engine refuses further work until reopened from
/// the journal (crash-only: the journal is the truth).
/// </summary>
public sealed class JournaledEngine : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, Guid> _actionCorrelation = [];
    private readonly HeldTimeProvider _time;
    private readonly EventSerializer _serializer;
    private Exception? _fault;

    private JournaledEngine(ClusterEngine engine, JournalWriter writer, EventSerializer serializer, HeldTimeProvider time)
    {
        Engine = engine;
        Writer = writer;
        _serializer = serializer;
        _time = time;
    }

    public ClusterEngine Engine { get; }

    /// <summary>The writer of the node currently deciding; <see cref="HandOverAsync"/> changes it.</summary>
    public JournalWriter Writer { get; private set; }

    /// <summary>Opens the engine on a node's journal: projects every recorded decision, then continues the node's chain.</summary>
    /// <param name="project">False when the state is rebuilt another way (a replicated engine replays the consensus log).</param>
    public static async ValueTask<JournaledEngine> OpenAsync(
        IJournalStore store, string node, EventSerializer serializer, TimeProvider time, CancellationToken cancellationToken = default, bool project = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        var engine = new ClusterEngine();
        var held = new HeldTimeProvider(time);
        var result = new JournaledEngine(engine, await JournalWriter.OpenAsync(store, node, serializer, held, null, cancellationToken), serializer, held);
        await foreach (var e in store.ReadAllAsync(1, cancellationToken))
        {
            result.Writer.Clock.Observe(e.Envelope.Hlc);
            if (project)
            {
                engine.State.AdvanceClock(e.Envelope.Timestamp);
            }

            if (project && e.Envelope.Data is IDecisionEvent d)
            {
                engine.Apply(d);
                if (d is InstanceEvents.ActionRequested a)
                {
                    result._actionCorrelation[a.ActionId] = e.Envelope.CorrelationId;
                }
            }
        }

        return result;
    }

    /// <summary>Decides and journals one input.</summary>
    /// <param name="correlationId">The chain this input belongs to; kit results inherit their request's, others start a new one.</param>
    /// <param name="at">
    /// The input's time (default: now). The engine decides at this time and the envelopes are stamped with it, so replay
    /// decides alike. A replicated engine passes the time the leader proposed the input, so every node decides alike.
    /// </param>
    public async ValueTask<SubmitResult> SubmitAsync(
        IEngineInput input, Guid? correlationId = null, CancellationToken cancellationToken = default, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_fault is not null)
            {
                throw new InvalidOperationException("The engine stopped after a journal append failed; reopen it from the journal.", _fault);
            }

            var decision = Engine.Decide(input, _time.Hold(at));
            if (decision.Refused)
            {
                _time.Release();
                return new SubmitResult(decision, []);
            }

            var correlation = correlationId
                ?? (input is KitInputs.ReportActionResult r && _actionCorrelation.TryGetValue(r.ActionId, out var c) ? c : Guid.CreateVersion7(_time.GetUtcNow()));
            var inputId = Guid.CreateVersion7(_time.GetUtcNow());
            var batch = new List<PendingEvent>(decision.Events.Length + 1)
            {
                new(input, EventKind.Input, EventStreams.For(input), correlation, null, inputId),
            };
            foreach (var d in decision.Events)
            {
                batch.Add(new PendingEvent(d, EventKind.Decision, EventStreams.For(d), correlation, inputId));
                if (d is InstanceEvents.ActionRequested a)
                {
                    _actionCorrelation[a.ActionId] = correlation;
                }
            }

            try
            {
                var journaled = await Writer.AppendAsync(batch, null, cancellationToken);
                return new SubmitResult(decision, journaled);
            }
            catch (Exception ex)
            {
                _fault = ex;
                throw;
            }
        }
        finally
        {
            _time.Release();
            _gate.Release();
        }
    }

    /// <summary>
    /// Another node takes over deciding (the old one died): it continues on the same store with its own chain,
    /// its clock merged past every stamp so far so the merged history stays in causal order.
    /// </summary>
    public async ValueTask HandOverAsync(string node, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var last = Writer.Clock.Last;
            var next = await JournalWriter.OpenAsync(Writer.Store, node, _serializer, _time, null, cancellationToken);
            next.Clock.Observe(last);
            Writer = next;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        _gate.Dispose();
    }
}
