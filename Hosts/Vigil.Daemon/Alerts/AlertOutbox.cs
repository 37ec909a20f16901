using System.Globalization;
using System.Text;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// The node's on-disk alert outbox (<c>DATA-DIR/alerts</c>): one file per undelivered item under
/// <c>pending/HOOK/POSITION.json</c>, a line per delivered item in <c>delivered/HOOK.log</c>, and <c>cursor</c>, the
/// last journal position routed. Every write is flushed to disk before it counts, so a crash or restart loses
/// nothing: an item is pending until its delivery is logged (a crash between the two sends it again, same event id).
/// </summary>
internal sealed class AlertOutbox
{
    private readonly string _dir;
    private readonly Lock _lock = new();

    public AlertOutbox(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(Path.Combine(dir, "pending"));
        Directory.CreateDirectory(Path.Combine(dir, "delivered"));
    }

    /// <summary>The last journal position routed to the hooks (0: none yet).</summary>
    public long Cursor
    {
        get
        {
            var file = Path.Combine(_dir, "cursor");
            return File.Exists(file) ? long.Parse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        }
    }

    public void SaveCursor(long position) => WriteDurably(Path.Combine(_dir, "cursor"), position.ToString(CultureInfo.InvariantCulture));

    /// <summary>Queues an item for a hook; drops the oldest when the hook already holds <paramref name="max"/> (returns their names).</summary>
    public IReadOnlyList<string> Add(string hook, long position, string json, int max)
    {
        var dir = Path.Combine(_dir, "pending", hook);
        Directory.CreateDirectory(dir);
        WriteDurably(Path.Combine(dir, Name(position)), json);
        var pending = Pending(hook);
        var dropped = new List<string>();
        foreach (var old in pending.Take(Math.Max(0, pending.Count - max)))
        {
            File.Delete(old);
            dropped.Add(Path.GetFileName(old));
        }

        return dropped;
    }

    /// <summary>The hook's undelivered items, oldest (lowest journal position) first.</summary>
    public IReadOnlyList<string> Pending(string hook)
    {
        var dir = Path.Combine(_dir, "pending", hook);
        return Directory.Exists(dir) ? [.. Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Marks an item delivered: logged (flushed) first, then removed from pending.</summary>
    public void Delivered(string hook, string item, string eventId, int attempts, DateTimeOffset at)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(item)} {eventId} {attempts} {at:O}\n");
        lock (_lock)
        {
            using var log = new FileStream(Path.Combine(_dir, "delivered", hook + ".log"), FileMode.Append, FileAccess.Write);
            log.Write(Encoding.ASCII.GetBytes(line));
            log.Flush(flushToDisk: true);
        }

        File.Delete(item);
    }

    /// <summary>The delivered log of a hook: one line per delivery (position, event id, attempts, time).</summary>
    public IReadOnlyList<string> DeliveredLog(string hook)
    {
        var file = Path.Combine(_dir, "delivered", hook + ".log");
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    private static string Name(long position) => position.ToString("D12", CultureInfo.InvariantCulture) + ".json";

    private static void WriteDurably(string path, string text)
    {
        var temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            f.Write(Encoding.UTF8.GetBytes(text));
            f.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
