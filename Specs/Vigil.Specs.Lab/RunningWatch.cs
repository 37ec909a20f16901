namespace Vigil.Specs.Lab;

/// <summary>
/// Ground truth while a spec acts: watches, as fast as it can, where each tag's application runs, and counts every
/// moment one ran on two nodes at once. Dispose (await) it to stop watching.
/// </summary>
internal sealed class RunningWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private readonly List<string> _twice = [];

    public RunningWatch(LabCluster lab, params string[] tags)
    {
        _watching = Task.Run(async () =>
        {
            // A sampling period, not a wait: a restore or remove takes far longer than 10 ms.
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (!_stop.IsCancellationRequested)
            {
                foreach (var tag in tags)
                {
                    var where = lab.Nodes.Where(n => lab.RunningPid(tag, n) is not null).ToList();
                    if (where.Count > 1)
                    {
                        _twice.Add($"{tag} on {string.Join(" and ", where)}");
                    }
                }

                try
                {
                    await tick.WaitForNextTickAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>Every observation of a tag running on more than one node (read after disposing).</summary>
    public IReadOnlyList<string> Twice => _twice;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
