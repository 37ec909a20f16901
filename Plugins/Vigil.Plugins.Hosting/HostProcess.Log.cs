using Microsoft.Extensions.Logging;

namespace Vigil.Plugins.Hosting;

internal sealed partial class HostProcess
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "kithost[{Pid}] {Line}")]
        public static partial void HostOutput(ILogger logger, int pid, string line);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "kithost[{Pid}] died: {Reason}")]
        public static partial void HostDied(ILogger logger, int pid, string reason);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "kithost wrote a line that is not protocol: {Line}")]
        public static partial void NotProtocol(ILogger logger, string line);
    }
}
