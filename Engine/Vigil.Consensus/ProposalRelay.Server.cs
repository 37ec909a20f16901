using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Vigil.Consensus;

public sealed partial class ProposalRelay
{
    /// <summary>The largest input a peer may send; anything bigger is a broken or hostile peer.</summary>
    internal const int MaxPayload = 1 << 20;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    handshake.CancelAfter(TimeSpan.FromSeconds(5));
                    await tls.AuthenticateAsServerAsync(ClusterTls.Server(_tls), handshake.Token).ConfigureAwait(false);
                }

                var header = new byte[4];
                var answer = new byte[9];
                while (!_stop.IsCancellationRequested)
                {
                    if (!await ReadExactlyOrEndAsync(tls, header).ConfigureAwait(false))
                    {
                        return;
                    }

                    var length = BinaryPrimitives.ReadInt32BigEndian(header);
                    if (length is <= 0 or > MaxPayload)
                    {
                        LogRefused(client.Client.RemoteEndPoint?.ToString() ?? "?", $"frame of {length} bytes");
                        return;
                    }

                    var payload = new byte[length];
                    await tls.ReadExactlyAsync(payload, _stop.Token).ConfigureAwait(false);
                    ProposeResult result;
                    try
                    {
                        EngineInputCodec.Decode(payload); // refuse garbage before it reaches the log
                        result = await _node.ProposeAsync(payload, _stop.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException)
                    {
                        LogRefused(client.Client.RemoteEndPoint?.ToString() ?? "?", ex.Message);
                        return;
                    }

                    answer[0] = (byte)result.Outcome;
                    BinaryPrimitives.WriteInt64BigEndian(answer.AsSpan(1), result.Term);
                    await tls.WriteAsync(answer, _stop.Token).ConfigureAwait(false);
                    await tls.FlushAsync(_stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                if (!_stop.IsCancellationRequested)
                {
                    LogRefused(client.Client.RemoteEndPoint?.ToString() ?? "?", ex.Message);
                }
            }
        }
    }

    private async Task<bool> ReadExactlyOrEndAsync(SslStream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new IOException("the peer closed the relay connection mid-frame");
            }

            read += n;
        }

        return true;
    }
}
