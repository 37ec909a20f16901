namespace Vigil.Specs.Unit.Daemon.Alerts;

/// <summary>Waits for a delivery with a deadline (never a sleep): real scripts and a real HTTP listener answer when they do.</summary>
internal static class DeliveryPoll
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await tick.WaitForNextTickAsync();
        }

        return true;
    }
}
