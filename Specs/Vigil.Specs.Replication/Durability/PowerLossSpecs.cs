using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Durability;

/// <summary>
/// Whole-cluster power loss under crashfs: both nodes die and lose every write not yet fdatasync'ed.
/// Protocol C promises that a completed FLUSH made every earlier write durable on every copy.
/// </summary>
public sealed class PowerLossSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task FlushedWrites_BothNodesLoseUnsyncedData_EveryFlushedWriteDurableOnBothCopies()
    {
        var library = await CrashFs.BuildAsync(this.lab.Root);
        foreach (var node in this.lab.Nodes)
        {
            node.Environment["LD_PRELOAD"] = library;
        }

        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        var random = new Random(11);
        var written = new Dictionary<long, long>();
        var durable = new Dictionary<long, long>();
        var afterLastFlush = new Dictionary<long, long>();
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            long seq = 0;
            for (var i = 0; i < 300; i++)
            {
                var offset = random.Next(0, 1024) * (long)SeqBlocks.Size;
                Assert.Equal(0, client.Write(offset, SeqBlocks.Make(++seq, offset)));
                written[offset] = seq;
                if (i % 20 == 19)
                {
                    Assert.Equal(0, client.Flush());
                    foreach (var (o, s) in written)
                    {
                        durable[o] = s;
                    }
                }
            }

            for (var i = 0; i < 20; i++)
            {
                // Acknowledged but never flushed: allowed to vanish with the power.
                var offset = (2048 + i) * (long)SeqBlocks.Size;
                Assert.Equal(0, client.Write(offset, SeqBlocks.Make(++seq, offset)));
                afterLastFlush[offset] = seq;
            }

            this.lab["n1"].Kill();
            this.lab["n2"].Kill();
        }

        var discarded = 0;
        foreach (var node in new[] { "n1", "n2" })
        {
            var volume = this.lab.Volume(node, "m");
            discarded += CrashFs.RollBack(volume);
            var copy = await File.ReadAllBytesAsync(volume);
            foreach (var (offset, seq) in durable)
            {
                var found = SeqBlocks.Check(copy.AsSpan((int)offset, SeqBlocks.Size), offset);
                Assert.True(found >= seq, $"{node}: block at {offset} has seq {found}, flushed seq {seq}");
            }
        }

        // The layer had something to throw away: unflushed writes really were lost.
        Assert.True(discarded >= afterLastFlush.Count, $"only {discarded} writes discarded");
        var n1 = await File.ReadAllBytesAsync(this.lab.Volume("n1", "m"));
        Assert.Contains(afterLastFlush, kv => SeqBlocks.Check(n1.AsSpan((int)kv.Key, SeqBlocks.Size), kv.Key) != kv.Value);
    }
}
