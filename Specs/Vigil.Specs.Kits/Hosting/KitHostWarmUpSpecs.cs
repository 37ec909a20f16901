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
        var lines = new List<string>();
        await using var client = new KitHostClient(
            new KitHostOptions { KitsDirectory = kits.Directory, HostPath = Path.Combine(AppContext.BaseDirectory, "vigil-kithost.dll") },
            new ListLogger(lines));

        await client.StartAsync(Requests.Deadline());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? warmed = null;
        while (warmed is null && DateTime.UtcNow < deadline)
        {
            lock (lines)
            {
                warmed = lines.FirstOrDefault(l => l.Contains("warm-up done", StringComparison.Ordinal));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.NotNull(warmed);
        Assert.Contains("2 types described, one child process started", warmed, StringComparison.Ordinal);
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
