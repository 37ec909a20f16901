using Vigil.Engine.Model;
using static Vigil.Engine.Events.ConfigurationEvents;

namespace Vigil.Engine.State;

public sealed partial class ClusterState
{
    /// <summary>The committed comm paths by <see cref="CommPathSpec.Key"/>. Empty until the configuration is seeded.</summary>
    public SortedDictionary<string, CommPathSpec> CommPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>The cluster configuration version every heartbeat carries: the seed's, plus one per committed change.</summary>
    public long ConfigVersion { get; private set; }

    /// <summary>True once the configuration files' paths were committed (<see cref="ConfigurationSeeded"/>).</summary>
    public bool ConfigurationKnown { get; private set; }

    /// <summary>The nodes described by a committed join (the joined node and those it joined), by name. Empty before the first join.</summary>
    public SortedDictionary<string, NodeSpec> NodeSpecs { get; } = new(StringComparer.Ordinal);

    /// <summary>The committed paths of <paramref name="node"/>.</summary>
    public IEnumerable<CommPathSpec> PathsOf(string node) => CommPaths.Values.Where(p => p.Involves(node));

    private string? ApplyConfiguration(object e)
    {
        switch (e)
        {
            case ConfigurationSeeded x:
                if (ConfigurationKnown)
                {
                    return "the configuration was already seeded";
                }

                foreach (var p in x.Paths)
                {
                    var n = p.Normalized();
                    CommPaths[n.Key] = n;
                }

                ConfigVersion = x.ConfigVersion;
                ConfigurationKnown = true;
                return null;
            case CommPathAdded x:
                ConfigVersion = x.ConfigVersion;
                return CommPaths.TryAdd(x.Path.Key, x.Path.Normalized()) ? null : $"path {x.Path.Key} already exists";
            case NodeJoined x:
                ConfigVersion = x.ConfigVersion;
                foreach (var member in x.Members)
                {
                    NodeSpecs.TryAdd(member.Name, member);
                }

                NodeSpecs[x.Node.Name] = x.Node;
                foreach (var p in x.Paths)
                {
                    var n = p.Normalized();
                    CommPaths[n.Key] = n;
                }

                return null;
            case CommPathDeleted x:
                ConfigVersion = x.ConfigVersion;
                return CommPaths.Remove(x.Path.Key) ? null : $"no path {x.Path.Key}";
            default:
                return $"{e.GetType().Name} is not a configuration event";
        }
    }
}
