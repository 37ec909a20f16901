using System.Collections.Immutable;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Configuration;

/// <summary>The comm paths the configuration file starts a cluster with (see docs/operations.md, "Cluster configuration").</summary>
internal sealed partial record NodeConfig
{
    /// <summary>
    /// Every pair of nodes joined by every path type in <c>[cluster] paths</c>, each end at the address its
    /// <c>[node]</c> section gives. Every node's file yields the same set: it seeds the replicated configuration,
    /// after which committed changes (<c>vigil path add|delete</c>) are authoritative.
    /// </summary>
    public ImmutableArray<CommPathSpec> FilePaths()
    {
        var list = ImmutableArray.CreateBuilder<CommPathSpec>();
        for (var i = 0; i < Nodes.Count; i++)
        {
            for (var j = i + 1; j < Nodes.Count; j++)
            {
                foreach (var type in Paths)
                {
                    list.Add(new CommPathSpec(type, Nodes[i].Name, AddressOf(Nodes[i], type), Nodes[j].Name, AddressOf(Nodes[j], type)).Normalized());
                }
            }
        }

        return list.ToImmutable();
    }

    private static string AddressOf(PeerConfig node, string type) => type switch
    {
        "udp" => node.Udp!.ToString(),
        "tcp" => node.Tcp!.ToString(),
        _ => node.Disk!,
    };
}
