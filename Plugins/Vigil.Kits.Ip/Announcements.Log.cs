using Microsoft.Extensions.Logging;

namespace Vigil.Kits.Ip;

/// <summary>Log messages of <see cref="Announcements"/> (event ids 4301–4309 belong to the ip kit).</summary>
internal static partial class Announcements
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "gratuitous ARP for {Address} failed: {Reason}")]
    private static partial void LogAnnounceFailed(ILogger logger, string address, string reason);
}
