using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Which journal stream an event belongs to: <c>resource-TAG</c>, <c>node-NAME</c> or <c>cluster</c>.</summary>
public static class EventStreams
{
    public const string Cluster = "cluster";

    public static string Resource(string tag) => "resource-" + tag;

    public static string Node(string node) => "node-" + node;

    public static string For(IVigilEvent e) => e switch
    {
        IResourceScoped r => Resource(r.Tag),
        INodeScoped n => Node(n.Node),
        _ => Cluster,
    };
}
