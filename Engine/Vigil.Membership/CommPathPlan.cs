using System.Globalization;

namespace Vigil.Membership;

/// <summary>
/// The committed comm paths this node ends, at a configuration version: what vigild sends a running heartbeat
/// process when the replicated configuration changed, so it reconfigures its paths and detector in place (a restart
/// would make every path DEAD). On the wire: <c>comm-paths VERSION COUNT</c>, then COUNT lines
/// <c>comm-path TYPE PEER LOCAL REMOTE [PEER-ID]</c> (fields URI-escaped: a disk region's path may hold spaces; the id
/// only for a peer that joined after the process started).
/// </summary>
public sealed record CommPathPlan(long Version, IReadOnlyList<PlanPath> Paths)
{
    public const string Header = "comm-paths";

    public string ToWire()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.Append(string.Create(c, $"{Header} {Version} {Paths.Count}\n"));
        foreach (var p in Paths)
        {
            text.Append(string.Create(c, $"comm-path {E(p.Type)} {E(p.Peer)} {E(p.Local)} {E(p.Remote)}"));
            text.Append(p.PeerId >= 0 ? string.Create(c, $" {p.PeerId}\n") : "\n");
        }

        return text.ToString();
    }

    /// <summary>The version and path count of a header line, or null for any other line.</summary>
    public static (long Version, int Count)? ParseHeader(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        return parts.Length == 3 && parts[0] == Header
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? (version, count) : null;
    }

    /// <summary>One <c>comm-path</c> line; a malformed one is a <see cref="FormatException"/> quoting it.</summary>
    public static PlanPath ParsePath(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        return parts.Length is 5 or 6 && parts[0] == "comm-path"
            ? new PlanPath(U(parts[1]), U(parts[2]), U(parts[3]), U(parts[4])) { PeerId = parts.Length == 6 ? PeerId(parts[5], line) : -1 }
            : throw new FormatException($"comm path plan: '{line}' is not 'comm-path TYPE PEER LOCAL REMOTE [PEER-ID]'");
    }

    private static int PeerId(string text, string line) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= ushort.MaxValue
            ? id
            : throw new FormatException($"comm path plan: '{line}': '{text}' is not a heartbeat id (0–65535)");

    private static string E(string s) => Uri.EscapeDataString(s);

    private static string U(string s) => Uri.UnescapeDataString(s);
}
