namespace Vigil.Specs.Replication.Support;

/// <summary>Waits for a condition with a deadline, checking on a periodic timer; fails with what was last seen.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds}s waiting for {what}; last: {last}");
            }

            await timer.WaitForNextTickAsync();
            last = await probe();
        }

        return last;
    }

    public static Task UntilAsync(Func<bool> done, TimeSpan timeout, string what)
        => UntilAsync(() => Task.FromResult(done()), d => d, timeout, what);
}
