using System.Globalization;

namespace Vigil.Membership;

/// <summary>
/// The lines the heartbeat process writes to vigild on its standard output, after vigild sent the
/// <see cref="HeartbeatPlan"/>: <c>ready</c>; <c>path PEER PATH ALIVE|DEAD SILENCE-MS</c>;
/// <c>stats ALLOCATED-BYTES GEN0 GEN1 GEN2 ACCEPTED REFUSED</c>; <c>error TEXT</c> (then it exits).
/// vigild writes <see cref="Tick"/> lines back while it runs.
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
}
