using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about replicated volumes' copies (cluster-wide: every node's mirror kit reads them).</summary>
public static class MirrorEvents
{
    /// <summary>The copy on <paramref name="Node"/> is outdated: no node may promote it until it is current again.</summary>
    [EventType("mirror.copy-outdated.v1")]
    public sealed record MirrorCopyOutdated(string Mirror, string Node, string By, string Reason) : IDecisionEvent;

    /// <summary>The copy on <paramref name="Node"/> resynced from the primary: it may be promoted again.</summary>
    [EventType("mirror.copy-current.v1")]
    public sealed record MirrorCopyCurrent(string Mirror, string Node, string By, string Reason) : IDecisionEvent;
}
