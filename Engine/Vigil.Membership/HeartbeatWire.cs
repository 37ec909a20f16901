using System.Globalization;

namespace Vigil.Membership;

/// <summary>
/// The lines the heartbeat process writes to vigild on its standard output, after vigild sent the
/// <see cref="HeartbeatPlan"/>: <c>ready</c>; <c>path PEER PATH ALIVE|DEAD SILENCE-MS</c>;
/// <c>stats ALLOCATED-BYTES GEN0 GEN1 GEN2 ACCEPTED REFUSED</c>; <c>error TEXT</c> (then it exits);
/// <c>applied VERSION STARTED STOPPED</c> or <c>apply-failed VERSION TEXT</c> after a <see cref="CommPathPlan"/>.
/// vigild writes <see cref="Tick"/> lines back while it runs, and a <see cref="CommPathPlan"/> when the committed
/// comm paths change.
/// </summary>
public static class HeartbeatWire
{
    public const string Ready = "ready";

    public const string Tick = "tick";

    public static string Path(PathTransition t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return string.Create(CultureInfo.InvariantCulture, $"path {t.Peer} {t.Path} {(t.To == PathState.Alive ? "ALIVE" : "DEAD")} {(long)t.Silence.TotalMilliseconds}");
    }

    /// <summary>Parses a <c>path</c> line, or returns null for any other line.</summary>
    public static PathTransition? ParsePath(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        if (parts.Length != 5 || parts[0] != "path" || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        var to = parts[3] switch { "ALIVE" => PathState.Alive, "DEAD" => PathState.Dead, _ => (PathState)0 };
        return to == 0 ? null : new PathTransition(parts[1], parts[2], to == PathState.Alive ? PathState.Dead : PathState.Alive, to, TimeSpan.FromMilliseconds(ms));
    }

    /// <summary>
    /// The new path set runs at <paramref name="version"/>: the path ends started and stopped (<c>tcp to node2</c>),
    /// comma-separated and URI-escaped, <c>-</c> when none.
    /// </summary>
    public static string Applied(long version, IReadOnlyList<string> started, IReadOnlyList<string> stopped)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(stopped);
        return string.Create(CultureInfo.InvariantCulture, $"applied {version} {List(started)} {List(stopped)}");
    }

    public static string ApplyFailed(long version, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"apply-failed {version} {problem.ReplaceLineEndings(" ")}");

    /// <summary>Parses an <c>applied</c> line, or returns null for any other line.</summary>
    public static (long Version, IReadOnlyList<string> Started, IReadOnlyList<string> Stopped)? ParseApplied(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        return parts.Length == 4 && parts[0] == "applied" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, Unlist(parts[2]), Unlist(parts[3])) : null;
    }

    /// <summary>Parses an <c>apply-failed</c> line, or returns null for any other line.</summary>
    public static (long Version, string Problem)? ParseApplyFailed(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ', 3);
        return parts.Length == 3 && parts[0] == "apply-failed" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, parts[2]) : null;
    }

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(',', items.Select(Uri.EscapeDataString));

    private static string[] Unlist(string text) => text == "-" ? [] : [.. text.Split(',').Select(Uri.UnescapeDataString)];
}
