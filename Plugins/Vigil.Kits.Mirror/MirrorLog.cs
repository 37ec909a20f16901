using Microsoft.Extensions.Logging;

namespace Vigil.Kits.Mirror;

/// <summary>The kit's log lines.</summary>
internal static partial class MirrorLog
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Information, Message = "{Mirror}: promoted ({Peers})")]
    public static partial void Promoted(ILogger logger, string mirror, string peers);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Information, Message = "{Mirror}: demoted")]
    public static partial void Demoted(ILogger logger, string mirror);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Warning, Message = "{Mirror}: deepCheck found differing copies: {Differing}")]
    public static partial void VerifyFailed(ILogger logger, string mirror, string differing);
}
