using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>
/// The <c>verify</c> control command: the primary compares chunks with a mirroring target over the peer link, in write
/// order. Copies in step agree even while writes go on; bytes changed behind the target driver's back are found by
/// chunk number; a target that does not mirror, and chunks outside the volume, are refused with the reason.
/// </summary>
public sealed class VerifySpecs : IDisposable
{
    private const long Size = 16 << 20;
    private const long Chunks = Size / 65536;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Verify_CopiesInStepWhileWritesGoOn_EveryChunkAgrees()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (long seq = 1; !stop.IsCancellationRequested; seq++)
            {
                var offset = (seq % (Size / SeqBlocks.Size)) * SeqBlocks.Size;
                Assert.Equal(0, client.Write(offset, SeqBlocks.Make(seq, offset)));
            }
        });

        var all = Enumerable.Range(0, (int)Chunks).Select(c => (long)c).ToList();
        var first = await this.lab["n1"].Control.VerifyAsync("m", "n2", all);
        var second = await this.lab["n1"].Control.VerifyAsync("m", "n2", all);
        await stop.CancelAsync();
        await writer;

        Assert.Equal((Chunks, 0), (first.Compared, first.Differing.Count));
        Assert.Equal((Chunks, 0), (second.Compared, second.Differing.Count));
        Assert.Equal(65536, first.ChunkSize);
    }

    [Fact]
    public async Task Verify_TargetBytesChangedBehindTheDriver_NamesExactlyTheChangedChunks()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        await using (var file = new FileStream(this.lab.Volume("n2", "m"), FileMode.Open, FileAccess.Write))
        {
            foreach (var chunk in new[] { 200L, 7L })
            {
                file.Position = (chunk * 65536) + 4095;
                await file.WriteAsync("x"u8.ToArray());
            }
        }

        var result = await this.lab["n1"].Control.VerifyAsync("m", "n2", [0, 7, 8, 199, 200, Chunks - 1]);

        Assert.Equal([7L, 200L], result.Differing);
        Assert.Equal(6, result.Compared);
        // The driver's log reaches the spec through its stdout pipe, which can trail the control answer.
        await Poll.UntilAsync(() => this.lab["n1"].Log.Contains("verify found 2 of 6 chunks differing on n2: 7, 200", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "n1's log line naming the differing chunks");
    }

    [Fact]
    public async Task Verify_PeerPaused_RefusedNamingTheLinkState()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        await this.lab["n1"].Control.PauseAsync("m", "n2");

        var refused = await Assert.ThrowsAsync<ControlException>(() => this.lab["n1"].Control.VerifyAsync("m", "n2", [0]));

        Assert.Contains("the link to n2 is paused; only a mirroring peer's copy can be verified", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChunkOutsideTheVolumeOrOnTheTarget_RefusedWithTheReason()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));

        var outside = await Assert.ThrowsAsync<ControlException>(() => this.lab["n1"].Control.VerifyAsync("m", "n2", [1, Chunks]));
        var twice = await Assert.ThrowsAsync<ControlException>(() => this.lab["n1"].Control.VerifyAsync("m", "n2", [1, 1]));
        var onTarget = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.VerifyAsync("m", "n1", [1]));

        Assert.Contains($"chunk {Chunks} is outside the volume (chunks 0 to {Chunks - 1})", outside.Message, StringComparison.Ordinal);
        Assert.Contains("a chunk is named twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("only the primary can verify", onTarget.Message, StringComparison.Ordinal);
    }
}
