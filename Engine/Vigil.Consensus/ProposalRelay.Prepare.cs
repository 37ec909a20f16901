using System.Net.Sockets;
using System.Security.Authentication;

namespace Vigil.Consensus;

public sealed partial class ProposalRelay
{
    /// <summary>How long opening a connection to a new leader ahead of any forward may take (a hung peer never answers).</summary>
    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens the connection to <paramref name="leader"/> in the background as soon as it is known, so the first forward
    /// to it — on a backup that restarted since, the first action result of a failover — does not pay the TCP connect
    /// and the mutual TLS handshake (tens of milliseconds on a loaded machine, on the failover's critical path).
    /// </summary>
    private void PrepareForward(string? leader)
    {
        if (leader is null || leader == _node.Name || !_relays.ContainsKey(leader) || _stop.IsCancellationRequested)
        {
            return;
        }

        _ = Task.Run(() => PrepareForwardAsync(leader), CancellationToken.None);
    }

    private async Task PrepareForwardAsync(string leader)
    {
        try
        {
            var connection = _connections.GetOrAdd(leader, name => new RelayConnection(_relays[name], _tls));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            deadline.CancelAfter(PrepareTimeout);
            await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
            LogForwardPrepared(leader);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The first forward connects by itself (and reports why it cannot).
            LogForwardFailed(leader, "opening the connection ahead: " + ex.Message);
        }
    }

    /// <summary>True when a connection to <paramref name="member"/>'s relay is open (connected and authenticated).</summary>
    internal bool IsConnectedTo(string member) => _connections.TryGetValue(member, out var connection) && connection.IsOpen;
}
