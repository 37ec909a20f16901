namespace Vigil.Engine.Simulation;

/// <summary>
/// Virtual time: a clock that moves only when the scheduler runs the next event. Ties run in scheduling order,
/// so a run is a pure function of its seed and inputs.
/// </summary>
public sealed class SimulatedTime(DateTimeOffset start) : TimeProvider
{
    private readonly PriorityQueue<Func<ValueTask>, (long Ticks, long Order)> _queue = new();
    private long _order;
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public int Pending => _queue.Count;

    public void Schedule(TimeSpan delay, Func<ValueTask> work) =>
        _queue.Enqueue(work, ((_now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay)).UtcTicks, _order++));

    public void Schedule(TimeSpan delay, Action work) => Schedule(delay, () =>
    {
        work();
        return ValueTask.CompletedTask;
    });

    /// <summary>Runs events in time order up to <paramref name="until"/>, then sets the clock there.</summary>
    public async ValueTask RunUntilAsync(DateTimeOffset until, Func<ValueTask>? afterEach = null)
    {
        while (_queue.TryPeek(out _, out var at) && at.Ticks <= until.UtcTicks)
        {
            var work = _queue.Dequeue();
            _now = new DateTimeOffset(at.Ticks, TimeSpan.Zero);
            await work();
            if (afterEach is not null)
            {
                await afterEach();
            }
        }

        if (until > _now)
        {
            _now = until;
        }
    }
}
