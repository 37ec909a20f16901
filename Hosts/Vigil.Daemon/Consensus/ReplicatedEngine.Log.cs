using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Daemon.Consensus;

/// <summary>The apply loop's timings (Debug): where a committed entry's time goes before this node acts on it.</summary>
internal sealed partial class ReplicatedEngine
{
    /// <summary>Receives the apply loop's Debug timings (discarded by default).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    private static partial class Log
    {
        [LoggerMessage(1640, LogLevel.Debug, "applied entry #{Index} {Input}: journaled in {JournalMs:F1} ms, applied index persisted in {PersistMs:F1} ms")]
        public static partial void EntryApplied(ILogger logger, long index, string input, double journalMs, double persistMs);
    }
}
