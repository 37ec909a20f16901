using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Commands;

namespace Vigil.Consensus;

/// <summary>
/// Proposes engine inputs from outside the cluster through the members' <see cref="ProposalRelay"/>s — for tools that
/// hold the cluster certificate (the lab, tests). It tries the members in turn until the leader commits the input.
/// Operators go through the control API instead, which checks credentials and roles.
/// </summary>
public sealed class RelayClient : IDisposable
{
    private readonly ConsensusTlsOptions _tls;
    private readonly Func<IPEndPoint, CancellationToken, Task<Socket>>? _connect;
    private readonly Dictionary<IPEndPoint, RelayConnection> _connections = [];

    /// <summary>Creates a client; <paramref name="connect"/> opens sockets when plain TCP cannot reach the members (e.g. another network namespace).</summary>
    public RelayClient(ConsensusTlsOptions tls, Func<IPEndPoint, CancellationToken, Task<Socket>>? connect = null)
    {
        ArgumentNullException.ThrowIfNull(tls);
        _tls = tls;
        _connect = connect;
    }

    /// <summary>Proposes <paramref name="input"/> until a member reports it committed, or <paramref name="deadline"/> passes.</summary>
    /// <returns>True once committed.</returns>
    public async Task<bool> SubmitAsync(IReadOnlyList<IPEndPoint> relays, IEngineInput input, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relays);
        var payload = EngineInputCodec.Encode(input, DateTimeOffset.UtcNow);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        while (!timeout.IsCancellationRequested)
        {
            foreach (var relay in relays)
            {
                if (!_connections.TryGetValue(relay, out var connection))
                {
                    _connections[relay] = connection = new RelayConnection(relay, _tls, _connect);
                }

                try
                {
                    var (outcome, _) = await connection.SendAsync(payload, timeout.Token).ConfigureAwait(false);
                    if (outcome == ProposeOutcome.Committed)
                    {
                        return true;
                    }
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
                catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
                {
                    _connections.Remove(relay);
                    connection.Dispose();
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var c in _connections.Values)
        {
            c.Dispose();
        }

        _connections.Clear();
    }
}
