using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;

namespace Vigil.ReplicationDriver.Control;

/// <summary>
/// The local control socket: a Unix socket (mode 0600: root's node host only), one JSON request per
/// line, one JSON response per line. Commands run one at a time, in arrival order; a verify's wait for its peer's
/// answers (up to 5 s on a link that died unnoticed) runs after its slot is given up, so status goes on meanwhile.
/// </summary>
internal sealed class ControlServer(string path, ControlDispatcher dispatcher) : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly SemaphoreSlim oneAtATime = new(1);
    private readonly CancellationTokenSource stop = new();

    public void Start()
    {
        File.Delete(path);
        this.socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        this.socket.Listen(16);
        _ = this.AcceptLoopAsync();
    }

    public void Dispose()
    {
        this.stop.Cancel();
        this.socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!this.stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await this.socket.AcceptAsync(this.stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = this.ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            try
            {
                while (await reader.ReadLineAsync(this.stop.Token) is { } line)
                {
                    ControlResponse response;
                    try
                    {
                        var request = JsonSerializer.Deserialize<ControlRequest>(line, ControlJson.Options)
                            ?? throw new JsonException("empty request");
                        Func<ControlResponse> finish;
                        await this.oneAtATime.WaitAsync(this.stop.Token);
                        try
                        {
                            finish = await Task.Run(() => dispatcher.Handle(request));
                        }
                        finally
                        {
                            this.oneAtATime.Release();
                        }

                        response = await Task.Run(finish); // a verify waits for its peer here, not in the slot
                    }
                    catch (JsonException e)
                    {
                        response = new ControlResponse(false, "bad request: " + e.Message, null);
                    }

                    var answer = JsonSerializer.Serialize(response, ControlJson.Options) + "\n";
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), this.stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }
}
