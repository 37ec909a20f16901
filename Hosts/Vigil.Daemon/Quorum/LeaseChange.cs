namespace Vigil.Daemon.Quorum;

/// <summary>What one observation did to the lease.</summary>
internal enum LeaseChange
{
    None,

    /// <summary>Quorum lost, or vigild itself was paused too long to know: the quorum-loss action is due now.</summary>
    Lapsed,

    /// <summary>A majority is heard again: the node may act once it has caught up with the log.</summary>
    Regained,
}
