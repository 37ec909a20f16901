using Vigil.Consensus;

namespace Vigil.Specs.Consensus.Support;

/// <summary>A running node plus everything it delivered, read from its channel by a background loop (the node's "engine").</summary>
internal sealed class NodeRecorder : IAsyncDisposable
{
    private readonly List<CommittedEntry> _delivered = [];
    private readonly Task _reader;

    public NodeRecorder(ConsensusNode node)
    {
        Node = node;
        _reader = Task.Run(ReadAsync);
    }

    public ConsensusNode Node { get; }

    public IReadOnlyList<CommittedEntry> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_delivered)
            {
                return _delivered.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await _reader; // the channel completes on dispose
    }

    private async Task ReadAsync()
    {
        await foreach (var entry in Node.Committed.ReadAllAsync())
        {
            lock (_delivered)
            {
                _delivered.Add(entry);
            }
        }
    }
}
