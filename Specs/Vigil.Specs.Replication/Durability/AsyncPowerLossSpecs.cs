using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;
using Xunit.Abstractions;

namespace Vigil.Specs.Replication.Durability;

/// <summary>
/// Async mode under crashfs: the primary and the target lose power while a writer streams sequence-numbered
/// blocks with periodic flushes. Async promises no zero loss, only that the promoted target holds an
/// ordered prefix of what was written, with no torn or foreign block; the spec counts what was lost.
/// </summary>
public sealed class AsyncPowerLossSpecs(ITestOutputHelper output) : IDisposable
{
    private const long Size = 16 << 20;
    private const int Blocks = 4096;     // the whole volume, each block at its own offset: a surviving block says which write it was
    private const int FlushEvery = 50;
    private const int CrashAfter = 1000; // acknowledged writes when the power goes; the writer keeps going meanwhile
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task PowerLossOfBoth_WhileWriting_PromotedTargetHoldsAnOrderedPrefixWithoutCorruption()
    {
        var library = await CrashFs.BuildAsync(this.lab.Root);
        foreach (var node in this.lab.Nodes)
        {
            node.Environment["LD_PRELOAD"] = library;
        }

        await this.lab.StartAllAsync();
        // A window larger than the volume: every write is shipped in order. (Past the window, writes fall back to
        // the bitmap and its resync is not ordered: the target is a prefix again only once that resync is done.)
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Async, "n1", Size) with { AsyncWindowBytes = 2 * Size });
        var acknowledged = 0;
        var lastFlush = 0;
        var crashNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The writer waits at CrashAfter until the power is about to go, then writes on into it: without the gate a
        // fast export finished all the remaining writes before the kill landed, and nothing was in flight.
        var powerGoing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(() =>
        {
            using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
            try
            {
                for (var i = 0; i < Blocks; i++)
                {
                    var offset = i * (long)SeqBlocks.Size;
                    if (client.Write(offset, SeqBlocks.Make(i + 1, offset)) != 0)
                    {
                        return;
                    }

                    Volatile.Write(ref acknowledged, i + 1);
                    if (i + 1 == CrashAfter)
                    {
                        crashNow.SetResult();
                        powerGoing.Task.Wait();
                    }

                    if ((i + 1) % FlushEvery == 0 && client.Flush() == 0)
                    {
                        Volatile.Write(ref lastFlush, i + 1);
                    }
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or EndOfStreamException)
            {
                // The primary lost power mid-request: that request was never acknowledged.
            }
        });

        await Task.WhenAny(crashNow.Task, writer).WaitAsync(TimeSpan.FromSeconds(60));
        powerGoing.SetResult();
        this.lab["n1"].Kill();
        this.lab["n2"].Kill();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Volatile.Read(ref acknowledged) < Blocks, "the writer finished before the power went: nothing was in flight");
        var discarded = CrashFs.RollBack(this.lab.Volume("n2", "m"));
        CrashFs.RollBack(this.lab.Volume("n1", "m"));

        await this.lab["n2"].StartAsync();
        var promoted = await this.lab["n2"].Control.PromoteAsync("m", force: true); // a lost async primary leaves a stale copy
        Assert.Equal(MirrorRole.Primary, promoted.Role);
        await Poll.UntilAsync(() => RepdNode.Accepts(this.lab.ExportSocket("m")), TimeSpan.FromSeconds(10), "n2's export");
        var (prefix, corrupt, beyond) = ReadPrefix(this.lab.ExportSocket("m"), Blocks);

        var acked = Volatile.Read(ref acknowledged);
        output.WriteLine(
            $"async power loss: {acked} writes acknowledged (last flush completed after #{Volatile.Read(ref lastFlush)}), " +
            $"target kept the ordered prefix #1..#{prefix}, lost {acked - prefix} acknowledged writes; crashfs discarded {discarded} unflushed writes on the target");
        Assert.Equal(0, corrupt);
        Assert.Equal(0, beyond);
        Assert.InRange(prefix, FlushEvery, acked); // flushes are shipped in order: at least the first one made a prefix durable
    }

    /// <summary>Reads blocks #1..#count through the export: the length of the intact prefix, torn or foreign blocks, and intact blocks after a gap.</summary>
    private static (int Prefix, int Corrupt, int Beyond) ReadPrefix(string socket, int count)
    {
        using var client = NbdTestClient.Open(socket, "m");
        int prefix = 0, corrupt = 0, beyond = 0;
        var gap = false;
        for (var i = 0; i < count; i++)
        {
            var offset = i * (long)SeqBlocks.Size;
            var block = client.Read(offset, SeqBlocks.Size);
            var seq = SeqBlocks.Check(block, offset);
            if (seq == i + 1 && !gap)
            {
                prefix++;
            }
            else if (seq == i + 1)
            {
                beyond++; // a later write survived while an earlier one was lost: not a prefix
            }
            else if (block.AsSpan().ContainsAnyExcept((byte)0))
            {
                corrupt++;
            }
            else
            {
                gap = true;
            }
        }

        return (prefix, corrupt, beyond);
    }
}
