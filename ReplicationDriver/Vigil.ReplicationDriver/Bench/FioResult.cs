namespace Vigil.ReplicationDriver.Bench;

/// <summary>One fio job's numbers: bandwidth, IOPS, and completion latency percentiles of the dominant direction.</summary>
internal sealed record FioResult(string Job, string Target, double MiBps, double Iops, double P50Us, double P99Us, double SyncP50Us);
