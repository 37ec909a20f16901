using Microsoft.Extensions.Logging;

namespace Vigil.Consensus;

public sealed partial class ProposalRelay
{
    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Relay to leader {Leader} failed ({Reason}); retrying")]
    private partial void LogForwardFailed(string leader, string reason);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Relay connection from {Remote} refused: {Reason}")]
    private partial void LogRefused(string remote, string reason);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Debug, Message = "Relay sees leader {Leader} in term {Term}: a forward to the previous leader is abandoned and sent again")]
    private partial void LogLeaderChangedRerouting(string leader, long term);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Debug, Message = "Relay connection to leader {Leader} opened ahead of any forward")]
    private partial void LogForwardPrepared(string leader);
}
