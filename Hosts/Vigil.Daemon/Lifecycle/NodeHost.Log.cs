using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Lifecycle;

internal sealed partial class NodeHost
{
    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Information, "vigild starting: node {Node} of cluster {Cluster} ({ConfigPath})")]
        public static partial void Starting(ILogger logger, string node, string cluster, string configPath);

        [LoggerMessage(1001, LogLevel.Information, "stage {Stage} started: {Detail}")]
        public static partial void StageDone(ILogger logger, NodeStage stage, string detail);

        [LoggerMessage(1002, LogLevel.Warning, "comm path {Path} to {Peer} is {State} (silent for {SilenceMs} ms)")]
        public static partial void PathChanged(ILogger logger, string path, string peer, string state, long silenceMs);

        [LoggerMessage(1003, LogLevel.Warning, "peer {Peer} is {Reachability}")]
        public static partial void PeerChanged(ILogger logger, string peer, string reachability);

        [LoggerMessage(1004, LogLevel.Information, "vigild stopping: node {Node}")]
        public static partial void Stopping(ILogger logger, string node);

        [LoggerMessage(1005, LogLevel.Information, "vigild stopped: node {Node}")]
        public static partial void Stopped(ILogger logger, string node);

        [LoggerMessage(1007, LogLevel.Critical, "cannot apply a committed consensus entry; stopping")]
        public static partial void ApplyFailed(ILogger logger, Exception exception);

        [LoggerMessage(1008, LogLevel.Information, "comm paths now match configuration version {Version}: started {Started}; stopped {Stopped}")]
        public static partial void CommPathsReconciled(ILogger logger, long version, string started, string stopped);

        [LoggerMessage(1009, LogLevel.Error, "comm paths could not be reconciled to the committed configuration; retrying")]
        public static partial void CommPathsFailed(ILogger logger, Exception exception);

        [LoggerMessage(1006, LogLevel.Warning, "runtime stop: {Problem}")]
        public static partial void RuntimeStopProblem(ILogger logger, string problem);
    }
}
