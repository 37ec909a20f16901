using System.Globalization;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>Mirror status for people (one line per mirror, one per peer) and for scripts (the driver's JSON).</summary>
internal static class StatusText
{
    private static readonly JsonSerializerOptions Indented = new(ControlJson.Options) { WriteIndented = true };

    public static string Json(object value) => JsonSerializer.Serialize(value, Indented);

    public static string Camel<T>(T value)
        where T : struct, Enum
        => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static IEnumerable<string> Lines(MirrorStatus s)
    {
        var flags = (s.Suspended ? "  SUSPENDED (writes wait for a lost sync target: bring it back or outdate it)" : string.Empty)
            + (s.SplitBrain ? "  SPLIT BRAIN (see docs/replication.md)" : string.Empty);
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Name}  on {s.Node}: {Camel(s.Role)}, {Camel(s.Mode)}, disk {Camel(s.Disk)}, generation {s.Generation}, applied writes {s.AppliedWrites}, hot extents {s.HotExtents}{flags}");
        foreach (var p in s.Peers)
        {
            yield return "  " + PeerLine(p);
        }
    }

    public static string PeerLine(PeerStatus p)
    {
        var line = $"{p.Node,-12} {Camel(p.State),-12} dirty {p.DirtyChunks} chunks ({SizeText.Format(p.DirtyBytes)})";
        if (p.State == PeerLinkState.Resyncing)
        {
            line += string.Create(CultureInfo.InvariantCulture, $", resync {p.ResyncDone}/{p.ResyncTotal} chunks ({Percent(p)} %)");
        }

        return p.Detail is null ? line : $"{line} — {p.Detail}";
    }

    /// <summary>Resync progress in whole percent: 100 once the link mirrors, never 100 before.</summary>
    public static int Percent(PeerStatus p) => p.State == PeerLinkState.Mirroring
        ? 100
        : p.ResyncTotal <= 0 ? 0 : (int)Math.Min(99, p.ResyncDone * 100 / p.ResyncTotal);
}
