namespace Vigil.Specs.Consensus.Support;

/// <summary>Polls a condition with a deadline (no sleeps): the answer is known as soon as it is true.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    public static async Task<bool> TryAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        using var timer = new PeriodicTimer(Tick);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return condition();
            }

            await timer.WaitForNextTickAsync();
        }

        return true;
    }

    public static async Task HoldsAsync(Func<bool> condition, TimeSpan within, Func<string> because)
    {
        if (!await TryAsync(condition, within))
        {
            Assert.Fail($"Not true within {within.TotalSeconds:0.#} s: {because()}");
        }
    }
}
