using System.Globalization;
using System.Text;

namespace Vigil.Journal.Forwarding;

/// <summary>
/// The last source position known to be stored in the target, in a one-line text file replaced atomically
/// (write a temporary file, fsync it, rename it over the old one): a crash leaves the old or the new value, never a
/// torn one, and both are safe because forwarding is idempotent.
/// </summary>
internal static class ForwardCheckpoint
{
    private const string Prefix = "vigil-forward-checkpoint v1 ";

    public static long Load(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path, Encoding.UTF8).Trim();
        return text.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new InvalidDataException($"{path}: not a forwarder checkpoint ('{text}'); delete it to forward from the start (safe: forwarding is idempotent).");
    }

    public static void Save(string path, long position)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
