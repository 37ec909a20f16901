using System.Text;

namespace Vigil.Kits.Dns;

/// <summary>
/// The note that the record is in service on this node: written by restore, deleted by remove. DNS alone cannot tell
/// "in service here" from "the record still names this node after a remove", so quickCheck asks this first.
/// </summary>
internal static class DnsMarker
{
    public static string PathFor(DnsSettings settings, string tag)
    {
        var name = new StringBuilder(tag.Length);
        foreach (var c in tag)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return Path.Combine(settings.StateDir, name + ".in-service");
    }

    public static bool Exists(DnsSettings settings, string tag) => File.Exists(PathFor(settings, tag));

    public static void Write(DnsSettings settings, string tag, string content)
    {
        Directory.CreateDirectory(settings.StateDir);
        File.WriteAllText(PathFor(settings, tag), content + "\n");
    }

    public static void Delete(DnsSettings settings, string tag) => File.Delete(PathFor(settings, tag));
}
