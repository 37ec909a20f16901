namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// Keeps resync at most at the configured rate: bytes sent since the window started never exceed
/// rate × elapsed. The window restarts when the rate changes or the pump goes idle, and waits are
/// sliced (≤ 100 ms) so a new rate — or lifting the limit — applies at once.
/// </summary>
internal sealed class ResyncThrottle(TimeProvider time)
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
    private long windowStart = time.GetTimestamp();
    private long windowBytes;
    private long windowRate;

    public void Idle() => this.Restart(this.windowRate);

    public void Sent(int bytes) => this.windowBytes += bytes;

    public async Task WaitAsync(Func<long> rate, CancellationToken ct)
    {
        while (true)
        {
            var current = rate();
            if (current != this.windowRate)
            {
                this.Restart(current);
            }

            if (current <= 0)
            {
                return;
            }

            var due = TimeSpan.FromSeconds((double)this.windowBytes / current) - time.GetElapsedTime(this.windowStart);
            if (due <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(due < Slice ? due : Slice, time, ct);
        }
    }

    private void Restart(long rate)
    {
        this.windowRate = rate;
        this.windowBytes = 0;
        this.windowStart = time.GetTimestamp();
    }
}
