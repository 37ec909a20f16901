using System.Net;
using Microsoft.Extensions.Logging;

namespace Vigil.Consensus;

public sealed partial class ConsensusNode
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Consensus node {Node} started on {EndPoint} with {Members} members")]
    private partial void LogStarted(string node, IPEndPoint endPoint, int members);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Consensus node {Node} stopped")]
    private partial void LogStopped(string node);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Consensus node {Node} sees leader {Leader} in term {Term}")]
    private partial void LogLeaderChanged(string node, string leader, long term);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Consensus node {Node}: proposal not known to be committed (leadership lost, or no majority within {TimeoutMs} ms)")]
    private partial void LogProposeTimedOut(string node, double timeoutMs);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Consensus node {Node}: membership change {Outcome}; voters now {Voters}")]
    private partial void LogMembershipChanged(string node, string outcome, string voters);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Consensus node {Node}: the active membership could not be saved")]
    private partial void LogMembersNotSaved(string node, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Consensus node {Node} resigned the leadership of term {Term}")]
    private partial void LogResigned(string node, long term);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Consensus node {Node} {Change}")]
    private partial void LogStandby(string node, string change);
}
