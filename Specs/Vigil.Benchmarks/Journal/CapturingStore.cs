using System.Runtime.CompilerServices;
using Vigil.Journal;

namespace Vigil.Benchmarks.Journal;

/// <summary>A store that accepts everything and keeps nothing: lets a JournalWriter stamp data up front.</summary>
internal sealed class CapturingStore : IJournalStore
{
    public ValueTask<long> AppendAsync(IReadOnlyList<EventEnvelope> events, IReadOnlyDictionary<string, long>? expectedVersions = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(0L);

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, CancellationToken cancellationToken = default) => ReadAllAsync(fromPosition, cancellationToken);

    public ValueTask<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default) => ValueTask.FromResult(0L);

    public ValueTask<NodeHead?> GetNodeHeadAsync(string node, CancellationToken cancellationToken = default) => ValueTask.FromResult<NodeHead?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
