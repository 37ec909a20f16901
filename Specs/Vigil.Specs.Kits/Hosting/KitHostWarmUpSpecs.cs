using Microsoft.Extensions.Logging;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>
/// The kit host pays its one-time costs (each type's describe, the protocol's JSON, the first child process) when it
/// starts, not in its first action: on a backup that first action is the first restore of a failover.
/// </summary>
public sealed class KitHostWarmUpSpecs
{
    [Fact]
    public async Task StartAsync_KitsLoaded_HostWarmsUpWithoutBeingAskedAndStillServesActions()
    {
        using var kits = new TempKits("Kit.Alpha", "Kit.Beta");
        var warmedUp = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new KitHostClient(
            new KitHostOptions { KitsDirectory = kits.Directory, HostPath = Path.Combine(AppContext.BaseDirectory, "vigil-kithost.dll") },
            new LineLogger(line =>
            {
                if (line.Contains("warm-up done", StringComparison.Ordinal))
                {
                    warmedUp.TrySetResult(line);
                }
            }));

        await client.StartAsync(Requests.Deadline());

        // Nothing is asked of the host: the line comes from its own warm-up (generous deadline for a loaded machine).
        var warmed = await warmedUp.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("2 types described, one child process started", warmed, StringComparison.Ordinal);
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);
    }

    private sealed class LineLogger(Action<string> line) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            line(formatter(state, exception));
    }
}
