using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vigil.ReplicationDriver.Client;

/// <summary>
/// Talks to one vigil-repd over its local control socket (JSON lines). One connection per call, so an
/// instance is cheap and safe to share between threads. Every method returns the fresh status of the
/// mirrors concerned and throws <see cref="ControlException"/> when the driver refuses the command.
/// </summary>
public sealed class MirrorControlClient
{
    private readonly string socketPath;

    /// <summary>Creates a client for the control socket at <paramref name="socketPath"/>.</summary>
    public MirrorControlClient(string socketPath) => this.socketPath = socketPath;

    /// <summary>Creates a mirror on this node (idempotent for an identical spec).</summary>
    public Task<MirrorStatus> CreateAsync(MirrorSpec spec, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("create", spec.Name, Spec: spec), ct);

    /// <summary>Status of every mirror on this node.</summary>
    public async Task<IReadOnlyList<MirrorStatus>> StatusAsync(CancellationToken ct = default)
        => (await this.SendAsync(new ControlRequest("status"), ct)).Mirrors ?? [];

    /// <summary>Status of one mirror.</summary>
    public Task<MirrorStatus> StatusAsync(string mirror, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("status", mirror), ct);

    /// <summary>Stops replicating to one peer (or all); writes are tracked in the bitmap.</summary>
    public Task<MirrorStatus> PauseAsync(string mirror, string? peer = null, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("pause", mirror, peer), ct);

    /// <summary>Resumes replication after <see cref="PauseAsync"/>: dirty chunks are resynced first.</summary>
    public Task<MirrorStatus> ResumeAsync(string mirror, string? peer = null, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("resume", mirror, peer), ct);

    /// <summary>Marks every chunk dirty for one peer (or all) so the whole volume is resent.</summary>
    public Task<MirrorStatus> FullResyncAsync(string mirror, string? peer = null, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("fullresync", mirror, peer), ct);

    /// <summary>Makes this node primary; refused when its copy is resyncing, outdated or stale unless forced.</summary>
    public Task<MirrorStatus> PromoteAsync(string mirror, bool force = false, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("promote", mirror, Force: force), ct);

    /// <summary>Makes this node a secondary: the export closes after in-flight requests finish.</summary>
    public Task<MirrorStatus> DemoteAsync(string mirror, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("demote", mirror), ct);

    /// <summary>
    /// On the primary with a peer: declares that peer outdated, so suspended sync writes go on without it.
    /// On a secondary without a peer: marks the local copy outdated.
    /// </summary>
    public Task<MirrorStatus> OutdateAsync(string mirror, string? peer = null, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("outdate", mirror, peer), ct);

    /// <summary>Split-brain recovery on the side whose changes are thrown away: it becomes a resync target.</summary>
    public Task<MirrorStatus> DiscardMyDataAsync(string mirror, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("discard", mirror), ct);

    /// <summary>Sets the resync rate limit in bytes per second (0 = unlimited).</summary>
    public Task<MirrorStatus> ThrottleAsync(string mirror, long bytesPerSecond, CancellationToken ct = default)
        => this.OneAsync(new ControlRequest("throttle", mirror, BytesPerSecond: bytesPerSecond), ct);

    /// <summary>
    /// On the primary: compares <paramref name="chunks"/> of the local copy with <paramref name="peer"/>'s (SHA-256 of
    /// each, read on both sides in write order); refused unless that peer is mirroring.
    /// </summary>
    public async Task<ChunkVerification> VerifyAsync(string mirror, string peer, IReadOnlyList<long> chunks, CancellationToken ct = default)
        => (await this.SendAsync(new ControlRequest("verify", mirror, peer, Chunks: chunks), ct)).Verification
           ?? throw new ControlException("no verification in response (an older vigil-repd?)");

    /// <summary>Sends one raw request and returns the raw response; throws when the driver refuses it.</summary>
    public async Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken ct = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(this.socketPath), ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var line = JsonSerializer.Serialize(request, ControlJson.Options) + "\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadLineAsync(ct) ?? throw new ControlException("vigil-repd closed the control connection");
        var response = JsonSerializer.Deserialize<ControlResponse>(answer, ControlJson.Options)
            ?? throw new ControlException("empty control response");
        return response.Ok ? response : throw new ControlException(response.Error ?? "refused");
    }

    private async Task<MirrorStatus> OneAsync(ControlRequest request, CancellationToken ct)
    {
        var response = await this.SendAsync(request, ct);
        return response.Mirrors is [var one, ..] ? one : throw new ControlException("no status in response");
    }
}
