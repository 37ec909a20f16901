using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    /// <summary>Control API events, 1200–1209. Never a password nor an Authorization header: only user names.</summary>
    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "control API listening on {Scheme}://{Endpoint} ({Users} users)")]
        public static partial void Listening(ILogger logger, string scheme, string endpoint, int users);

        [LoggerMessage(1201, LogLevel.Warning, "control API: {Status} for user '{User}' from {Remote} on {Method} {Path}")]
        public static partial void Denied(ILogger logger, int status, string user, string? remote, string method, string path);

        [LoggerMessage(1202, LogLevel.Information, "control API: user '{User}' sent {Command}: {Outcome}")]
        public static partial void Command(ILogger logger, string user, string command, string outcome);

        [LoggerMessage(1203, LogLevel.Information, "control API: {Command} from user '{User}' forwarded to leader {Leader}: {Status}")]
        public static partial void Forwarded(ILogger logger, string command, string user, string leader, int status);
    }
}
