using Vigil.ReplicationDriver.Bitmap;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// Everything one node holds about one peer of one mirror: its bitmap, the current session, frames in
/// flight, sync writes stranded by a lost link, resync progress. Fields that the write path reads are
/// changed under the mirror's write-order lock.
/// </summary>
internal sealed class PeerLink(MirrorNode node, ChunkBitmap bitmap, string bitmapPath, PeerMeta meta)
{
    private readonly Dictionary<ulong, Inflight> inflight = [];
    private readonly Lock inflightLock = new();
    private ulong nextId;

    public string Node => node.Name;

    public string Address => node.Address;

    public ChunkBitmap Bitmap => bitmap;

    public string BitmapPath => bitmapPath;

    public PeerMeta Meta => meta;

    public volatile PeerLinkState State;

    public string? Detail { get; set; }

    public PeerConnection? Connection { get; set; }

    /// <summary>Source side: new writes are shipped to this peer (connected and handshaken).</summary>
    public volatile bool Receiving;

    /// <summary>Source side: a ResyncDone must be sent once the bitmap empties.</summary>
    public volatile bool NeedDone;

    /// <summary>Target side: the primary demoted cleanly after this node had everything (planned switchover).</summary>
    public volatile bool HandedOver;

    public long UnackedBytes;

    public int ResyncInflight;

    public long ResyncDone;

    public long ResyncTotal;

    public long ResyncedTotal;

    public List<IoCompletion> Stranded { get; } = [];

    public SemaphoreSlim PumpSignal { get; } = new(0);

    public ulong Track(long offset, int length, IoCompletion? completion, bool resync, bool unmetered = false)
    {
        lock (this.inflightLock)
        {
            var id = ++this.nextId;
            this.inflight.Add(id, new Inflight(offset, length, completion, resync, unmetered));
            return id;
        }
    }

    public bool Complete(ulong id, out Inflight entry)
    {
        lock (this.inflightLock)
        {
            return this.inflight.Remove(id, out entry);
        }
    }

    public int InflightCount
    {
        get
        {
            lock (this.inflightLock)
            {
                return this.inflight.Count;
            }
        }
    }

    public List<Inflight> DrainInflight()
    {
        lock (this.inflightLock)
        {
            var all = this.inflight.Values.ToList();
            this.inflight.Clear();
            return all;
        }
    }

    public PeerStatus ToStatus() => new(
        this.Node,
        this.State,
        this.Bitmap.Count,
        this.Bitmap.Count * this.Bitmap.ChunkSize,
        Interlocked.Read(ref this.ResyncDone),
        Interlocked.Read(ref this.ResyncTotal),
        Interlocked.Read(ref this.ResyncedTotal),
        this.Detail);
}
