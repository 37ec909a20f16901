using Vigil.Engine.Events;

namespace Vigil.Engine.State;

/// <summary>Mirror copies marked outdated through consensus (<see cref="MirrorEvents"/>).</summary>
public sealed partial class ClusterState
{
    /// <summary>Outdated copies as <c>MIRROR@NODE</c>; a copy listed here is never promoted, on any node.</summary>
    public SortedSet<string> OutdatedMirrorCopies { get; } = new(StringComparer.Ordinal);

    /// <summary>For each outdated copy (<c>MIRROR@NODE</c>): when, by whom and why it was marked, for refusals to name.</summary>
    public SortedDictionary<string, string> OutdatedMirrorMarks { get; } = new(StringComparer.Ordinal);

    public static string MirrorCopy(string mirror, string node) => mirror + "@" + node;

    public bool IsMirrorCopyOutdated(string mirror, string node) => OutdatedMirrorCopies.Contains(MirrorCopy(mirror, node));

    /// <summary>
    /// Where the <c>mirror</c> resource of <paramref name="mirror"/> (its <c>mirror</c> parameter) is active, or null
    /// when no resource names that mirror or it is active nowhere: the only node whose driver may outdate other copies.
    /// </summary>
    public string? MirrorHolder(string mirror) =>
        Resources.Values.FirstOrDefault(r => r.Type == "mirror" && r.Parameters.TryGetValue("mirror", out var m) && m == mirror)?.ActiveNode;

    private string? ApplyMirror(IDecisionEvent e)
    {
        switch (e)
        {
            case MirrorEvents.MirrorCopyOutdated x:
                OutdatedMirrorCopies.Add(MirrorCopy(x.Mirror, x.Node));
                OutdatedMirrorMarks[MirrorCopy(x.Mirror, x.Node)] =
                    $"at {Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC by {x.By}: {x.Reason}";
                return null;
            case MirrorEvents.MirrorCopyCurrent x:
                OutdatedMirrorMarks.Remove(MirrorCopy(x.Mirror, x.Node));
                return OutdatedMirrorCopies.Remove(MirrorCopy(x.Mirror, x.Node)) ? null : $"{x.Node}'s copy of {x.Mirror} was not outdated";
            default:
                return $"unknown decision {e.GetType().Name}";
        }
    }
}
