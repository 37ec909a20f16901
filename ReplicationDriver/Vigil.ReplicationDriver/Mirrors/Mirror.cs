using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Bitmap;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Nbd;
using Vigil.ReplicationDriver.Storage;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// One mirrored volume on this node: the local copy, the activity log, one <see cref="PeerLink"/> per
/// other node, the role, and (as primary) the NBD export and the dial loops. The write-order lock
/// orders "write locally + ship to peers" against resync reads and link state changes, so a target
/// applies writes and resync data for a chunk in the order the primary's copy saw them.
/// See README.md in this folder for the state rules.
/// </summary>
internal sealed partial class Mirror : IBlockDevice, IDisposable
{
    private const int ActivityExtent = 4 << 20;
    private readonly Lock writeOrder = new();
    private readonly Lock stateLock = new();
    private readonly ManualResetEventSlim writable = new(true);
    private readonly Volume volume;
    private readonly ActivityLog activityLog;
    private readonly PeerLink[] links;
    private readonly string directory;
    private readonly RepdContext context;
    private readonly ILogger logger;
    private NbdExport? export;
    private CancellationTokenSource? primaryCts;
    private readonly ITimer? coolTimer;
    private long appliedWrites;
    private bool closed;
    private long resyncRate;

    private Mirror(MirrorMeta meta, string directory, RepdContext context)
    {
        this.Meta = meta;
        this.directory = directory;
        this.context = context;
        this.logger = context.Logger;
        this.resyncRate = meta.Spec.ResyncBytesPerSecond;
        var spec = meta.Spec;
        if (meta.Disk == DiskState.UpToDate)
        {
            meta.Disk = DiskState.Consistent; // a restarted node no longer knows it is the newest until a primary says so
        }

        this.volume = Volume.Open(spec.Volume, spec.SizeBytes);
        this.activityLog = new ActivityLog(Path.Combine(directory, "al.bin"), spec.SizeBytes, ActivityExtent);
        this.links = [.. spec.Nodes.Where(n => n.Name != context.Node).Select(n =>
        {
            if (!meta.Peers.TryGetValue(n.Name, out var peerMeta))
            {
                meta.Peers[n.Name] = peerMeta = new PeerMeta();
            }

            var path = Path.Combine(directory, $"bitmap-{n.Name}.bin");
            var bitmap = new ChunkBitmap(spec.SizeBytes, spec.ChunkSize);
            bitmap.Load(path);
            return new PeerLink(n, bitmap, path, peerMeta)
            {
                State = peerMeta.Paused ? PeerLinkState.Paused : peerMeta.Outdated ? PeerLinkState.Outdated : PeerLinkState.Disconnected,
            };
        })];

        if (this.activityLog.HotAtOpen.Count > 0)
        {
            // Crash: writes in flight then may be on one side only. Every hot extent is dirty for every peer.
            foreach (var extent in this.activityLog.HotAtOpen)
            {
                foreach (var link in this.links)
                {
                    link.Bitmap.SetRange(extent * ActivityExtent, ActivityExtent);
                }
            }

            LogCrashRecovery(this.logger, spec.Name, this.activityLog.HotAtOpen.Count);
            this.SaveBitmaps();
        }

        if (this.links.Length > 0)
        {
            var period = context.ActivityLogCooling;
            this.coolTimer = context.Time.CreateTimer(static state => ((Mirror)state!).CoolActivityLog(), this, period, period);
        }
    }

    public MirrorMeta Meta { get; }

    public MirrorRole Role { get; private set; } = MirrorRole.Secondary;

    public string Name => this.Meta.Spec.Name;

    public long Size => this.Meta.Spec.SizeBytes;

    private bool IsSync => this.Meta.Spec.Mode == MirrorMode.Sync;

    /// <summary>Opens an existing mirror (from meta.json) or creates one; every mirror starts secondary.</summary>
    public static Mirror Open(MirrorSpec spec, string directory, RepdContext context, out bool created)
    {
        Directory.CreateDirectory(directory);
        var metaPath = Path.Combine(directory, "meta.json");
        var meta = MirrorMeta.Load(metaPath);
        created = meta is null;
        if (meta is null)
        {
            meta = new MirrorMeta { Spec = spec, Disk = DiskState.Inconsistent };
            if (spec.Primary == context.Node)
            {
                // The creating primary's data is the initial truth of the mirror.
                meta.Disk = DiskState.UpToDate;
                meta.Current = NewGeneration();
            }

            meta.Save(metaPath);
        }

        return new Mirror(meta, directory, context);
    }

    public MirrorStatus Status()
    {
        lock (this.stateLock)
        {
            return new MirrorStatus(
                this.Name,
                this.context.Node,
                this.Role,
                this.Meta.Spec.Mode,
                this.Meta.Disk,
                this.Meta.Current.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
                Interlocked.Read(ref this.appliedWrites),
                this.Role == MirrorRole.Primary && !this.writable.IsSet,
                this.links.Any(l => l.State == PeerLinkState.SplitBrain),
                [.. this.links.Select(l => l.ToStatus())],
                this.activityLog.HotCount);
        }
    }

    public void Dispose()
    {
        this.coolTimer?.Dispose();
        lock (this.stateLock)
        {
            this.StopPrimaryLocked();
            foreach (var link in this.links)
            {
                link.Connection?.Dispose();
            }
        }

        // Clean stop: everything not on a peer is in its bitmap, so the activity log can empty. Under the
        // write-order lock with the closed flag set, so no late write can land after the bitmaps were saved.
        lock (this.writeOrder)
        {
            this.closed = true;
            this.SaveBitmaps();
            this.volume.FlushDurable();
            this.activityLog.ClearDurably();
        }

        this.activityLog.Dispose();
        this.volume.Dispose();
    }

    /// <summary>
    /// Empties the activity log when that is safe: under the write-order lock (no write can start), once no
    /// frame is in flight (its range is in no bitmap yet), after an fdatasync of the volume (so a power loss
    /// here cannot lose a write a peer has) and a durable save of every bitmap. Skipped when frames do not
    /// drain within 20 ms; tried again next period.
    /// </summary>
    private void CoolActivityLog()
    {
        if (this.activityLog.HotCount == 0)
        {
            return;
        }

        lock (this.writeOrder)
        {
            if (this.closed)
            {
                return;
            }

            var deadline = this.context.Time.GetTimestamp() + (this.context.Time.TimestampFrequency / 50);
            while (this.links.Any(l => l.InflightCount > 0))
            {
                if (this.context.Time.GetTimestamp() > deadline)
                {
                    return;
                }

                Thread.Yield(); // acks are processed without this lock
            }

            try
            {
                this.volume.FlushDurable();
                this.SaveBitmaps();
                this.activityLog.ClearDurably();
            }
            catch (IOException e)
            {
                LogDialFailed(this.logger, this.Name, "activity log", e.Message);
            }
        }
    }

    private static ulong NewGeneration() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;

    private void SaveMeta() => this.Meta.Save(Path.Combine(this.directory, "meta.json"));

    private void SaveBitmaps()
    {
        foreach (var link in this.links)
        {
            link.Bitmap.Save(link.BitmapPath);
        }
    }

    private PeerLink? FindLink(string node) => this.links.FirstOrDefault(l => l.Node == node);

    /// <summary>A sync primary may write only while every target receives writes or was outdated or paused.</summary>
    private void RecomputeWritable()
    {
        var blocked = this.Role == MirrorRole.Primary && this.IsSync
            && this.links.Any(l => !l.Receiving && !l.Meta.Outdated && !l.Meta.Paused);
        if (blocked)
        {
            if (this.writable.IsSet)
            {
                LogSuspended(this.logger, this.Name);
            }

            this.writable.Reset();
        }
        else
        {
            this.writable.Set();
        }
    }

    /// <summary>This node writes without <paramref name="link"/> from now on: a new generation starts, its old one is the link's bitmap base.</summary>
    private void StartGenerationWithout(PeerLink link)
    {
        if (link.Meta.Base != 0)
        {
            return;
        }

        link.Meta.Base = this.Meta.Current;
        this.Meta.History.Insert(0, this.Meta.Current);
        if (this.Meta.History.Count > 32)
        {
            this.Meta.History.RemoveAt(this.Meta.History.Count - 1);
        }

        this.Meta.Current = NewGeneration();
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new GenerationInfo(this.Meta.Current, this.Meta.History), ControlJson.Options);
        foreach (var other in this.links)
        {
            if (other.Receiving && other.Connection is { } connection && other.State == PeerLinkState.Mirroring)
            {
                TrySend(connection, Peers.FrameType.NewGeneration, 0, 0, 0, payload);
            }
        }

        this.SaveMeta();
    }

    private static void TrySend(Peers.PeerConnection connection, Peers.FrameType type, byte flags, ulong id, long offset, ReadOnlySpan<byte> payload)
    {
        try
        {
            connection.Send(type, flags, id, offset, payload);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            connection.Dispose(); // the receive loop sees the close and runs the disconnect path
        }
    }
}
