using System.Globalization;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// The node's boot counter, persisted in the data directory and advanced at every start: peers order this node's
/// heartbeats by (incarnation, sequence), so frames recorded in an earlier life can never be replayed into this one.
/// </summary>
internal static class Incarnation
{
    public static long Advance(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "incarnation");
        long current = 0;
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out current))
            {
                throw new InvalidDataException($"{path}: '{text}' is not an incarnation number; refusing to start with an unknown boot counter");
            }
        }

        var next = current + 1;
        var temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
            f.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return next;
    }
}
