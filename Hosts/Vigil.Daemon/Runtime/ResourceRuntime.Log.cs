using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Runtime;

internal sealed partial class ResourceRuntime
{
    private static partial class Log
    {
        [LoggerMessage(1300, LogLevel.Information, "kits loaded: {Count} ({Types})")]
        public static partial void KitsLoaded(ILogger logger, int count, string types);

        [LoggerMessage(1301, LogLevel.Warning, "kit {Kit} not loaded: {Reason}")]
        public static partial void KitNotLoaded(ILogger logger, string kit, string reason);

        [LoggerMessage(1302, LogLevel.Information, "registered {Count} resource types with the cluster")]
        public static partial void TypesRegistered(ILogger logger, int count);

        [LoggerMessage(1303, LogLevel.Warning, "kit host unavailable: {Reason}; retrying")]
        public static partial void KitHostUnavailable(ILogger logger, string reason);

        [LoggerMessage(1641, LogLevel.Debug, "report {Input} committed through {Leader} in {Milliseconds:F1} ms")]
        public static partial void ReportCommitted(ILogger logger, string input, string leader, double milliseconds);

        [LoggerMessage(1304, LogLevel.Information, "action #{ActionId}: {Action} of {Tag} starting")]
        public static partial void ActionStarting(ILogger logger, long actionId, string action, string tag);

        [LoggerMessage(1305, LogLevel.Information, "action #{ActionId}: {Action} of {Tag} {Outcome} in {Milliseconds} ms {Reason}")]
        public static partial void ActionDone(ILogger logger, long actionId, string action, string tag, string outcome, long milliseconds, string reason);

        [LoggerMessage(1306, LogLevel.Error, "action #{ActionId} on {Tag} failed inside the runtime")]
        public static partial void ActionCrashed(ILogger logger, long actionId, string tag, Exception exception);

        [LoggerMessage(1307, LogLevel.Warning, "{Check} of {Tag}: {Verdict} ({Reason})")]
        public static partial void CheckVerdict(ILogger logger, string check, string tag, string verdict, string reason);

        [LoggerMessage(1308, LogLevel.Debug, "report {Input} not committed ({Outcome}, leader {Leader}); retrying")]
        public static partial void ReportRetry(ILogger logger, string input, string outcome, string leader);

        [LoggerMessage(1309, LogLevel.Error, "resource runtime pass failed; retrying on the next tick")]
        public static partial void RuntimeFailed(ILogger logger, Exception exception);

        [LoggerMessage(1310, LogLevel.Information, "node left in maintenance for the restart: {Count} active resource instances stay as they are")]
        public static partial void LeftInMaintenance(ILogger logger, int count);

        [LoggerMessage(1311, LogLevel.Warning, "could not put the node in maintenance before stopping ({Outcome}): its {Count} active instances may fail over while vigild is down")]
        public static partial void NotLeftInMaintenance(ILogger logger, int count, string outcome);

        [LoggerMessage(1320, LogLevel.Error, "quorum-loss action {Action} on {Count} active or OSF instances ({Tags}); nothing can be committed, so results are only logged")]
        public static partial void QuorumLossAction(ILogger logger, string action, int count, string tags);

        [LoggerMessage(1321, LogLevel.Error, "fastkill refused: {Reason}; removing instead")]
        public static partial void FastkillRefused(ILogger logger, string reason);

        [LoggerMessage(1322, LogLevel.Warning, "fastkill: {Count} processes of the node's cgroup killed")]
        public static partial void FastkillDone(ILogger logger, int count);

        [LoggerMessage(1323, LogLevel.Error, "quorum-loss action took {Milliseconds} ms, longer than the lease leaves ({BudgetMs} ms): the majority may have taken over before it finished; raise [cluster] lease-ms")]
        public static partial void QuorumLossLate(ILogger logger, long milliseconds, long budgetMs);

        [LoggerMessage(1324, LogLevel.Warning, "local remove of {Tag} (quorum lost or released): {Outcome} {Reason}")]
        public static partial void LocalRemove(ILogger logger, string tag, string outcome, string reason);

        [LoggerMessage(1325, LogLevel.Warning, "caught up with the cluster after a lapsed lease: released {Released} of {Count} instances the cluster gave away meanwhile")]
        public static partial void CaughtUp(ILogger logger, int released, int count);

        [LoggerMessage(1326, LogLevel.Warning, "release of {Tag} (this node was declared dead) failed ({Reason}): asking the cluster to remove it again (attempt {Attempt} of {Max})")]
        public static partial void ReleaseReported(ILogger logger, string tag, string reason, int attempt, int max);

        [LoggerMessage(1327, LogLevel.Error, "release of {Tag} (this node was declared dead): {Outcome}")]
        public static partial void ReleaseEnded(ILogger logger, string tag, string outcome);

        [LoggerMessage(1328, LogLevel.Warning, "released {Tag}: stopped here after the cluster declared this node dead; reporting it")]
        public static partial void Released(ILogger logger, string tag);

        [LoggerMessage(1312, LogLevel.Information, "restart: node out of maintenance, adopting {Count} in-service instances by quickCheck")]
        public static partial void Adopting(ILogger logger, int count);
    }
}
