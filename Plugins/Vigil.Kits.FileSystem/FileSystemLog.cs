using Microsoft.Extensions.Logging;

namespace Vigil.Kits.FileSystem;

/// <summary>The kit's log lines.</summary>
internal static partial class FileSystemLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "{FileSystem}: mounted")]
    public static partial void Mounted(ILogger logger, string fileSystem);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "{FileSystem}: unmounted")]
    public static partial void Unmounted(ILogger logger, string fileSystem);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "{FileSystem}: busy, killing holders {Holders}")]
    public static partial void KillingHolders(ILogger logger, string fileSystem, string holders);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "{FileSystem}: mount failed, checking it (fsck on-error): {Reason}")]
    public static partial void CheckingAfterFailedMount(ILogger logger, string fileSystem, string reason);
}
