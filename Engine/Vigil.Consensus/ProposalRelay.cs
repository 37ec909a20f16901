using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Commands;

namespace Vigil.Consensus;

/// <summary>
/// Lets any member propose: only the Raft leader may append, so a follower sends its input (an action result, a
/// check verdict, its kit types) to the leader's relay, which proposes it and answers with the outcome. Traffic is
/// mutual TLS pinned to the cluster authority, like Raft's own. One connection per peer, one request at a time on
/// it; <see cref="SubmitAsync"/> follows leader changes and retries until its deadline.
/// </summary>
public sealed partial class ProposalRelay : IAsyncDisposable
{
    private readonly ConsensusNode _node;
    private readonly IReadOnlyDictionary<string, IPEndPoint> _relays;
    private readonly ConsensusTlsOptions _tls;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RelayConnection> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;

    /// <summary>Creates the relay of <paramref name="node"/>; <paramref name="relays"/> names every member's relay endpoint.</summary>
    public ProposalRelay(ConsensusNode node, IReadOnlyDictionary<string, IPEndPoint> relays, ConsensusTlsOptions tls, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(tls);
        _node = node;
        _relays = relays;
        _tls = tls;
        _logger = logger ?? NullLogger.Instance;
        _node.LeaderChanged += OnLeaderChanged;
    }

    /// <summary>Starts listening on this member's relay endpoint.</summary>
    public void Start()
    {
        _listener = new TcpListener(_relays[_node.Name]);
        _listener.Start();
        _accepting = Task.Run(AcceptLoopAsync, CancellationToken.None);
        PrepareForward(_node.LeaderName);
    }

    /// <summary>
    /// Proposes <paramref name="input"/> through whichever member leads, retrying through elections and lost
    /// connections until it is committed or <paramref name="deadline"/> passes. A retry after a timed-out attempt may
    /// commit the input twice: inputs sent this way must be harmless when repeated. A forward still waiting when the
    /// node sees another leader is abandoned and sent to the new one at once (its answer would never come from a
    /// crashed leader; a live deposed one has either committed it, which the repeat tolerates, or not).
    /// </summary>
    /// <returns>The last answer: committed, or why not.</returns>
    public async Task<ProposeResult> SubmitAsync(IEngineInput input, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var payload = EngineInputCodec.Encode(input, DateTimeOffset.UtcNow);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        timeout.CancelAfter(deadline);
        var last = new ProposeResult(ProposeOutcome.NotLeader, _node.LeaderName, _node.Term);
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            // Read before the leader's name: a change after this point ends the attempt or the pause below.
            var epoch = LeaderEpoch;
            try
            {
                if (_node.IsLeader)
                {
                    last = await _node.ProposeAsync(payload, timeout.Token).ConfigureAwait(false);
                }
                else if (_node.LeaderName is { } leader && _relays.ContainsKey(leader))
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, epoch);
                    last = await ForwardAsync(leader, payload, attempt.Token).ConfigureAwait(false);
                }

                if (last.IsCommitted)
                {
                    return last;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return last;
            }
            catch (OperationCanceledException) when (epoch.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The leader changed while the forward waited: send it to the new one now (outcome of this one unknown).
                last = new ProposeResult(ProposeOutcome.TimedOut, _node.LeaderName, _node.Term);
                pause = TimeSpan.FromMilliseconds(10);
                continue;
            }
            catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or ObjectDisposedException or InvalidOperationException)
            {
                LogForwardFailed(_node.LeaderName ?? "(none)", ex.Message);
            }

            try
            {
                // No leader yet, or it just changed: elections take a few hundred milliseconds. A leader change ends the wait.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, epoch);
                await Task.Delay(pause, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return last;
            }
            catch (OperationCanceledException) when (epoch.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                pause = TimeSpan.FromMilliseconds(10);
                continue;
            }

            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _node.LeaderChanged -= OnLeaderChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        _stop.Dispose();
    }

    private async Task<ProposeResult> ForwardAsync(string leader, byte[] payload, CancellationToken cancellationToken)
    {
        var connection = _connections.GetOrAdd(leader, name => new RelayConnection(_relays[name], _tls));
        try
        {
            var (outcome, term) = await connection.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            return new ProposeResult(outcome, outcome == ProposeOutcome.NotLeader ? null : leader, term);
        }
        catch
        {
            // A broken connection is rebuilt on the next attempt.
            if (_connections.TryRemove(new KeyValuePair<string, RelayConnection>(leader, connection)))
            {
                connection.Dispose();
            }

            throw;
        }
    }
}
