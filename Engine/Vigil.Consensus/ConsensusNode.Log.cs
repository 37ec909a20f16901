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
}
