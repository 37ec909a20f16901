using Microsoft.Extensions.Logging;

namespace Vigil.ReplicationDriver.Mirrors;

internal sealed partial class Mirror
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Mirror}: unclean stop detected, {Extents} hot extents marked dirty for every peer")]
    private static partial void LogCrashRecovery(ILogger logger, string mirror, int extents);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "{Mirror}: writes suspended until every lost sync target is back or outdated")]
    private static partial void LogSuspended(ILogger logger, string mirror);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{Mirror}: link to {Peer} {Outcome} ({Detail}), {Chunks} chunks to resync")]
    private static partial void LogVerdict(ILogger logger, string mirror, string peer, string outcome, string detail, long chunks);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "{Mirror}: link to {Peer} lost")]
    private static partial void LogLinkLost(ILogger logger, string mirror, string peer);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "{Mirror}: resync with {Peer} complete ({Chunks} chunks)")]
    private static partial void LogResyncComplete(ILogger logger, string mirror, string peer, long chunks);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "{Mirror}: {Command} done, role {Role}")]
    private static partial void LogCommand(ILogger logger, string mirror, string command, Client.MirrorRole role);

    [LoggerMessage(EventId = 206, Level = LogLevel.Debug, Message = "{Mirror}: dialing {Peer} failed: {Reason}")]
    private static partial void LogDialFailed(ILogger logger, string mirror, string peer, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error, Message = "{Mirror}: SPLIT BRAIN with {Peer}: {Detail}")]
    private static partial void LogSplitBrain(ILogger logger, string mirror, string peer, string detail);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "{Mirror}: {Peer} paused this link: the local copy is outdated until it resyncs")]
    private static partial void LogOutdatedByPause(ILogger logger, string mirror, string peer);
}
