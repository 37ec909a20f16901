using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Control;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Hosting;

/// <summary>
/// Lifecycle of the process. Start: load mirrors (all secondary), listen for peers, open the control
/// socket. Stop (SIGTERM): close control and peers, then close each mirror cleanly (bitmaps saved,
/// activity log emptied) — a kill -9 skips this and the next start resyncs the hot extents.
/// </summary>
internal sealed partial class RepdService(RepdOptions options, ILogger<RepdService> logger) : IHostedService
{
    private MirrorRegistry? registry;
    private PeerListener? peers;
    private ControlServer? control;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Offloaded NBD requests block in pread/pwrite/send: enough pool threads up front that a queue depth
        // of 32 never waits for the pool's slow thread injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
        Storage.IoScheduling.Configure(options.IoRealtimePriority, reason => LogRealtimeRefused(logger, reason));
        var secret = File.ReadAllBytes(options.SecretFile);
        if (secret.Length < 16)
        {
            throw new InvalidOperationException("the peer secret must be at least 16 bytes");
        }

        var context = new RepdContext(options.Node, secret, TimeProvider.System, logger, options.ActivityLogCooling) { Nbd = options.Nbd, LinkTimeout = options.LinkTimeout };
        this.registry = new MirrorRegistry(options, context);
        this.registry.LoadExisting();
        this.peers = new PeerListener(options, this.registry, secret, logger);
        this.peers.Start();
        this.control = new ControlServer(options.ControlSocket, new ControlDispatcher(this.registry));
        this.control.Start();
        LogStarted(logger, options.Node, options.Listen, options.ControlSocket);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        this.control?.Dispose();
        this.peers?.Dispose();
        this.registry?.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "vigil-repd {Node} ready: peers on {Listen}, control on {Control}")]
    private static partial void LogStarted(ILogger logger, string node, string listen, string control);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "vigil-repd: {Reason}")]
    private static partial void LogRealtimeRefused(ILogger logger, string reason);
}
