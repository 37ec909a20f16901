using System.Collections.Immutable;
using System.Net;
using Vigil.Daemon.Configuration;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// The cluster's nodes as this node knows them now: those of its configuration file, then every node a committed
/// join described (<see cref="Engine.State.ClusterState.NodeSpecs"/>), which the apply loop adds with
/// <see cref="Learn"/>. A file's own description of a node wins (it is what that node was started with). Readers get
/// an immutable snapshot; <see cref="Joined"/> tells the parts that keep their own tables (Raft names, relay endpoints).
/// </summary>
internal sealed class ClusterMembers(NodeConfig config)
{
    private ImmutableList<PeerConfig> _all = [.. config.Nodes];

    /// <summary>Raised in the apply loop for each node learned from a committed join. Keep handlers short.</summary>
    public event Action<PeerConfig>? Joined;

    public IReadOnlyList<PeerConfig> All => Volatile.Read(ref _all);

    public IEnumerable<PeerConfig> Peers => All.Where(n => n.Name != config.LocalNode);

    public int Count => All.Count;

    public PeerConfig? Find(string name) => All.FirstOrDefault(n => n.Name == name);

    /// <summary>Adds the described nodes this node does not know yet.</summary>
    public void Learn(IEnumerable<NodeSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var spec in specs)
        {
            if (Find(spec.Name) is not null)
            {
                continue;
            }

            var peer = ToPeer(spec);
            ImmutableInterlocked.Update(ref _all, list => list.Add(peer));
            Joined?.Invoke(peer);
        }
    }

    /// <summary>Every known node as the join command describes it (the leader sends these along with a join).</summary>
    public ImmutableArray<NodeSpec> Describe() => [.. All.Select(ToSpec)];

    public static NodeSpec ToSpec(PeerConfig n) =>
        new(n.Name, n.Id, n.Raft.ToString(), n.RelayEndPoint.ToString(), n.Api?.ToString(), n.Udp?.ToString(), n.Tcp?.ToString(), n.Disk, n.Witness);

    public static PeerConfig ToPeer(NodeSpec s) =>
        new(s.Name, (ushort)s.Id, Parse(s.Udp), Parse(s.Tcp), s.Disk, IPEndPoint.Parse(s.Raft), s.Witness, Parse(s.Api)) { Relay = IPEndPoint.Parse(s.Relay) };

    private static IPEndPoint? Parse(string? address) => address is null ? null : IPEndPoint.Parse(address);
}
