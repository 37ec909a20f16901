using Vigil.ReplicationDriver.Bitmap;

namespace Vigil.Specs.Replication.Units;

/// <summary>Dirty-chunk bitmap and activity log: counting, persistence, crash detection.</summary>
public sealed class BitmapSpecs : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-bitmap-").FullName;

    public void Dispose() => Directory.Delete(this.dir, recursive: true);

    [Fact]
    public void SetRange_SpanningChunks_CountsEachChunkOnce()
    {
        var bitmap = new ChunkBitmap(1 << 20, 4096);
        bitmap.SetRange(4000, 200);   // chunks 0 and 1
        bitmap.SetRange(4096, 4096);  // chunk 1 again
        bitmap.SetRange((1 << 20) - 1, 1);
        Assert.Equal(3, bitmap.Count);
        Assert.Equal(0, bitmap.FindNext(0));
        Assert.Equal(255, bitmap.FindNext(2));
        Assert.Equal(0, bitmap.FindNext(256)); // wraps around
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameBitsAndCount()
    {
        var path = Path.Combine(this.dir, "b.bin");
        var bitmap = new ChunkBitmap(10 << 20, 65536);
        bitmap.SetRange(65536 * 7, 3 * 65536);
        bitmap.Save(path);
        var loaded = new ChunkBitmap(10 << 20, 65536);
        loaded.Load(path);
        Assert.Equal(3, loaded.Count);
        Assert.True(loaded.Clear(8));
        Assert.Equal(7, loaded.FindNext(0));
        Assert.Equal(9, loaded.FindNext(8));
    }

    [Fact]
    public void ActivityLog_TouchedThenReopenedWithoutClear_ReportsHotExtents()
    {
        var path = Path.Combine(this.dir, "al.bin");
        using (var log = new ActivityLog(path, 64 << 20, 4 << 20))
        {
            Assert.Empty(log.HotAtOpen);
            log.Touch((4 << 20) - 10, 20); // extents 0 and 1
            log.Touch(40 << 20, 4096);     // extent 10
        }

        using (var crashed = new ActivityLog(path, 64 << 20, 4 << 20))
        {
            Assert.Equal([0L, 1L, 10L], crashed.HotAtOpen);
            crashed.ClearDurably();
        }

        using var clean = new ActivityLog(path, 64 << 20, 4 << 20);
        Assert.Empty(clean.HotAtOpen);
    }
}
