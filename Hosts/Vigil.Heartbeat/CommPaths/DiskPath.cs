using Microsoft.Win32.SafeHandles;
using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// Heartbeats through a shared file or device region: each node owns the 512-byte slot at its id and rewrites its
/// frame there every interval; a reader polls the peers' slots twice per interval and delivers a slot whenever it
/// changed. Works where no network does (LifeKeeper's disk comm path). The region is opened anew for every
/// read and write, so a node whose view of it breaks (device gone, path cut) goes silent on this path at once.
/// </summary>
internal sealed class DiskPath(PathGroup group, byte id, HeartbeatPlan config, FrameSource frames, HeartbeatSink sink)
    : CommPath(group, id, config, frames, sink)
{
    private const int SlotSize = 512;

    protected override void Open()
    {
        var path = Group.Local;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var created = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    private SafeFileHandle OpenRegion() =>
        File.OpenHandle(Group.Local, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    protected override void StartReceivers() => Spawn("poll", () =>
    {
        var peers = Group.Peers.ToArray();
        var slot = new byte[HeartbeatCodec.FrameSize];
        var last = new byte[peers.Length][];
        for (var i = 0; i < peers.Length; i++)
        {
            last[i] = new byte[HeartbeatCodec.FrameSize];
        }

        var pause = TimeSpan.FromTicks(Config.Profile.Interval.Ticks / 2);
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                using var region = OpenRegion();
                for (var i = 0; i < peers.Length; i++)
                {
                    var n = RandomAccess.Read(region, slot, peers[i].Id * (long)SlotSize);
                    if (n == slot.Length && !slot.AsSpan().SequenceEqual(last[i]))
                    {
                        slot.CopyTo(last[i], 0);
                        Sink.Deliver(slot, Name);
                    }
                }
            }
            catch (IOException)
            {
                // The region is unreachable from this node (a cut view): silence on this path.
            }

            Stopping.WaitHandle.WaitOne(pause);
        }
    });

    protected override void SendToPeers(Span<byte> frame)
    {
        try
        {
            using var region = OpenRegion();
            RandomAccess.Write(region, frame, Config.Local.Id * (long)SlotSize);
        }
        catch (IOException)
        {
        }
    }

    protected override void Close()
    {
    }
}
