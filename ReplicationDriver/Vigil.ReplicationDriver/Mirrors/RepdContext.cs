using Microsoft.Extensions.Logging;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>What every mirror of this process shares: the node name, the peer secret, time and logging.</summary>
/// <param name="Node">This node's name.</param>
/// <param name="Secret">The peer-link secret.</param>
/// <param name="Time">Time source for timers and throttling.</param>
/// <param name="Logger">Where mirrors log.</param>
/// <param name="ActivityLogCooling">How often the activity log is emptied once everything is durable everywhere.</param>
internal sealed record RepdContext(string Node, byte[] Secret, TimeProvider Time, ILogger Logger, TimeSpan ActivityLogCooling)
{
    /// <summary>TCP address and TLS of every mirror's NBD export.</summary>
    public Nbd.NbdExportOptions Nbd { get; init; } = Vigil.ReplicationDriver.Nbd.NbdExportOptions.Loopback;

    /// <summary>How long a peer link may stay silent before this end gives it up.</summary>
    public TimeSpan LinkTimeout { get; init; } = Peers.PeerConnection.DefaultTimeout;

    public static readonly TimeSpan DefaultCooling = TimeSpan.FromSeconds(30);
}
