using Microsoft.Extensions.Logging;
using Vigil.Daemon.Consensus;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.Mirror;

/// <summary>
/// Reads the local driver's status four times a second: journals every state change (<see cref="MirrorChanges"/>),
/// and carries out the outdate protocol through consensus (<see cref="MirrorWatch"/>'s Fencing part). Keeps the
/// <c>outdated</c> file the mirror kit reads in step with the replicated state, before any later entry is applied.
/// </summary>
internal sealed partial class MirrorWatch(string node, MirrorControlClient driver, ReplicatedEngine replicated, string directory, ILogger logger)
{
    private readonly Dictionary<string, MirrorStatus> _last = new(StringComparer.Ordinal);
    private string _written = "\0";
    private bool _unreachable;
    private long _statusEpoch;

    /// <summary>Pauses the control API is carrying out here: their fresh marks are not lifted (<see cref="MirrorPauses"/>).</summary>
    public MirrorPauses Pauses { get; init; } = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        do
        {
            IReadOnlyList<MirrorStatus> mirrors;
            try
            {
                _statusEpoch = Pauses.Epoch;
                mirrors = await driver.StatusAsync(stopping);
                _unreachable = false;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or ControlException)
            {
                if (!_unreachable)
                {
                    Log.Unreachable(logger, ex.Message);
                }

                _unreachable = true;
                continue;
            }

            try
            {
                await EnsureCopiesAsync(mirrors, stopping);
                foreach (var status in mirrors)
                {
                    foreach (var change in MirrorChanges.Between(node, _last.GetValueOrDefault(status.Name), status))
                    {
                        Log.Changed(logger, change.Mirror, change.Peer ?? node, change.State, change.Percent ?? -1, change.Cause);
                        await replicated.RecordLocalAsync(change);
                    }

                    _last[status.Name] = status;
                    await FenceAsync(status, stopping);
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // One bad tick (a refused command, a proposal that found no leader) must not end the watch: try again next tick.
                Log.TickFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await tick.WaitForNextTickAsync(stopping).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    /// <summary>Called after every applied consensus entry: rewrites the <c>outdated</c> file when the marks changed.</summary>
    public void OnApplied()
    {
        // One line per mark: MIRROR@NODE, a tab, when, by whom and why (the mirror kit's refusal names it).
        var marks = replicated.ReadAsync(s => string.Join('\n', s.OutdatedMirrorCopies.Select(c =>
            s.OutdatedMirrorMarks.TryGetValue(c, out var why) ? c + "\t" + why.Replace('\n', ' ').Replace('\t', ' ') : c))).GetAwaiter().GetResult();
        if (marks == _written)
        {
            return;
        }

        var file = Path.Combine(directory, "outdated");
        File.WriteAllText(file + ".new", marks.Length == 0 ? string.Empty : marks + "\n");
        File.Move(file + ".new", file, overwrite: true);
        _written = marks;
    }

    private static partial class Log
    {
        [LoggerMessage(1310, LogLevel.Information, "mirror {Mirror} ({Subject}): {State} {Percent} ({Cause})")]
        public static partial void Changed(ILogger logger, string mirror, string subject, string state, int percent, string cause);

        [LoggerMessage(1311, LogLevel.Warning, "vigil-repd control socket does not answer: {Problem}")]
        public static partial void Unreachable(ILogger logger, string problem);

        [LoggerMessage(1313, LogLevel.Warning, "mirror watch: {Kind}: {Problem}; trying again")]
        public static partial void TickFailed(ILogger logger, string kind, string problem);

        [LoggerMessage(1312, LogLevel.Warning, "mirror {Mirror}: {Action}")]
        public static partial void Fence(ILogger logger, string mirror, string action);
    }
}
