using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Consensus;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// Dynamic membership on this node: the nodes it knows (<see cref="ClusterMembers"/>: the file's, then every node a
/// committed join described) and, when the file says <c>[local] join</c>, the wait until a leader adds this node
/// (<c>vigil cluster join</c>). A node learned from a join is named to Raft and to the proposal relay at once.
/// </summary>
internal sealed partial class NodeHost
{
    private ClusterMembers? _members;

    private void PrepareMembers()
    {
        _members = new ClusterMembers(config);
        foreach (var node in config.Nodes)
        {
            _relays[node.Name] = node.RelayEndPoint;
        }

        _members.Joined += OnJoined;
        // Once added, the node's Raft data directory holds its membership: a restart is an ordinary member's.
        if (config.Join is { } member && !File.Exists(Path.Combine(config.RaftDir, "members")))
        {
            JoinLog.Waiting(logger, config.LocalNode, member.ToString(), config.Local.Raft.ToString());
        }
    }

    private void OnJoined(PeerConfig node)
    {
        _relays[node.Name] = node.RelayEndPoint;
        _consensus?.LearnMember(node.Name, node.Raft);
        JoinLog.Learned(logger, node.Name, node.Id, node.Raft.ToString(), node.Witness ? "witness" : "member");
    }

    private static partial class JoinLog
    {
        [LoggerMessage(1040, LogLevel.Warning, "node {Node} is joining: it waits, without voting, until the leader adds it (run 'vigil cluster join' against {Member}; this node's raft is {Raft})")]
        public static partial void Waiting(ILogger logger, string node, string member, string raft);

        [LoggerMessage(1041, LogLevel.Information, "node {Node} joined the cluster (heartbeat id {Id}, raft {Raft}, {Role})")]
        public static partial void Learned(ILogger logger, string node, int id, string raft, string role);
    }
}
