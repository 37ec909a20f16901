using Microsoft.Extensions.Logging;

namespace Vigil.Journal.Embedded;

public sealed partial class EmbeddedJournalStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Opened journal {Directory}: {Events} events in {Segments} segments (read-only: {ReadOnly})")]
        public static partial void Opened(ILogger logger, string directory, long events, int segments, bool readOnly);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Ignored an incomplete last batch in {File} at byte {Offset} ({Bytes} bytes): {Reason}; a crash interrupted that append")]
        public static partial void TornTailIgnored(ILogger logger, string file, long offset, long bytes, string reason);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Truncated the incomplete last batch of {File} at byte {Offset} ({Bytes} bytes) before appending")]
        public static partial void TornTailTruncated(ILogger logger, string file, long offset, long bytes);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Journal damaged in {File} at byte {Offset}: {Problem}; reading only what precedes it")]
        public static partial void DamageSalvaged(ILogger logger, string file, long offset, string problem);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Started journal segment {File} at position {Position}")]
        public static partial void SegmentStarted(ILogger logger, string file, long position);
    }
}
