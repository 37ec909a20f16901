using System.Net;
using Microsoft.Extensions.Logging;

namespace Vigil.Kits.Dns;

/// <summary>The kit's log lines (never the secret: only names, addresses and rcodes).</summary>
internal static partial class DnsLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{Record}: now {Address}")]
    public static partial void Updated(ILogger logger, string record, IPAddress address);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "{Record}: update refused with {Rcode}")]
    public static partial void Refused(ILogger logger, string record, string rcode);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "{Record}: deleted (it held this node's {Address})")]
    public static partial void Deleted(ILogger logger, string record, IPAddress address);
}
