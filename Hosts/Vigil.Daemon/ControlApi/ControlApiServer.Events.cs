using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigil.Engine.Audit;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    private static readonly TimeSpan StatusRecheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>GET /v1/events</c>: the console's live feed as Server-Sent Events — <c>status</c> (the <c>/v1/status</c> answer)
    /// at once and whenever it changes, checked at every journal append and every second (not every path change is
    /// journaled), and <c>journal</c> for each event this node journals from now on; a comment every 15 s keeps idle
    /// proxies from closing it. Ends when the client goes or the API stops. Guest.
    /// </summary>
    private async Task EventsAsync(HttpContext ctx)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            await refusal.ExecuteAsync(ctx);
            return;
        }

        var stopping = ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var frames = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { SingleReader = true });
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.Response.Body.FlushAsync(done.Token);
        var pumps = Task.WhenAll(JournalPumpAsync(frames.Writer, changed.Writer, done.Token), StatusPumpAsync(frames.Writer, changed.Reader, done.Token));
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(done.Token))
            {
                await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), done.Token);
                await ctx.Response.Body.FlushAsync(done.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away or the API stops: nothing to answer.
        }
        finally
        {
            await done.CancelAsync();
            await pumps.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task JournalPumpAsync(ChannelWriter<string> frames, ChannelWriter<bool> changed, CancellationToken done)
    {
        await foreach (var e in store.SubscribeAsync(store.LastPosition + 1, done))
        {
            await frames.WriteAsync(Frame("journal", RecordedEventJson.ToJson(e).ToJsonString()), done);
            changed.TryWrite(true);
        }
    }

    private async Task StatusPumpAsync(ChannelWriter<string> frames, ChannelReader<bool> changed, CancellationToken done)
    {
        string? sent = null;
        var quietSince = DateTime.UtcNow;
        while (!done.IsCancellationRequested)
        {
            var status = (await StatusJsonAsync()).ToJsonString();
            if (status != sent)
            {
                await frames.WriteAsync(Frame("status", status), done);
                sent = status;
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince > KeepAlive)
            {
                await frames.WriteAsync(": keep-alive\n\n", done);
                quietSince = DateTime.UtcNow;
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(done);
            tick.CancelAfter(StatusRecheck);
            try
            {
                await changed.WaitToReadAsync(tick.Token);
                changed.TryRead(out _);
            }
            catch (OperationCanceledException) when (!done.IsCancellationRequested)
            {
                // A second without a journal append: look again anyway.
            }
        }
    }

    /// <summary>One SSE frame; the JSON is on one line (System.Text.Json escapes newlines inside strings).</summary>
    private static string Frame(string name, string json) => $"event: {name}\ndata: {json}\n\n";
}
