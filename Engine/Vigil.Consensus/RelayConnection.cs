using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Vigil.Consensus;

/// <summary>A client connection to one member's <see cref="ProposalRelay"/>: mutual TLS, one request at a time.</summary>
internal sealed class RelayConnection(IPEndPoint endPoint, ConsensusTlsOptions tls, Func<IPEndPoint, CancellationToken, Task<Socket>>? connect = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private SslStream? _stream;

    public async Task<(ProposeOutcome Outcome, long Term)> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = _stream ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = new byte[9];
            await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
            return ((ProposeOutcome)answer[0], BinaryPrimitives.ReadInt64BigEndian(answer.AsSpan(1)));
        }
        catch (EndOfStreamException ex)
        {
            throw new IOException($"the relay at {endPoint} closed the connection", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True once connected and authenticated (until a request on it fails and it is disposed).</summary>
    public bool IsOpen => _stream is { IsAuthenticated: true };

    /// <summary>
    /// Connects now unless connected already or in use by a request (which then connects it itself), so the first
    /// request does not pay the TCP connect and the TLS handshake. A failed attempt leaves it unconnected, ready
    /// for a request to try again.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (_stream is null)
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _stream?.Dispose();
            _client?.Dispose();
            _stream = null;
            _client = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _gate.Dispose();
    }

    private async Task<SslStream> ConnectAsync(CancellationToken cancellationToken)
    {
        _client = new TcpClient { NoDelay = true };
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(2));
            if (connect is null)
            {
                await _client.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                // A caller-made socket (e.g. one opened inside another network namespace).
                _client.Client = await connect(endPoint, deadline.Token).ConfigureAwait(false);
            }
        }

        _stream = new SslStream(_client.GetStream(), leaveInnerStreamOpen: false);
        await _stream.AuthenticateAsClientAsync(ClusterTls.Client(tls), cancellationToken).ConfigureAwait(false);
        return _stream;
    }
}
