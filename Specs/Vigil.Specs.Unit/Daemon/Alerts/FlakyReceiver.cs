using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Specs.Unit.Daemon.Alerts;

/// <summary>A real HTTP listener on loopback that answers 503 to the first <c>failures</c> requests, then 200, and records each one.</summary>
internal sealed class FlakyReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _remainingFailures;

    public FlakyReceiver(int failures)
    {
        _remainingFailures = failures;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<(int Status, string? EventId, string? Secret, string Body)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        _ = _serving.Exception;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref _remainingFailures) >= 0 ? 503 : 200;
            Requests.Enqueue((status, ctx.Request.Headers["X-Vigil-Event-Id"], ctx.Request.Headers["X-Hook-Token"], body));
            ctx.Response.StatusCode = status;
            ctx.Response.Close();
        }
    }
}
