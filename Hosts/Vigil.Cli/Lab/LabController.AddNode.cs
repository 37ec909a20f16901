using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Cli.Lab;

/// <summary>
/// A node added to a running lab: its namespace and cables (namespace mode) or free loopback ports, its view of the
/// disk region, and a configuration file that describes only itself with <c>[local] join</c> naming the first
/// node's control API — the file an operator writes for a new machine. It is then started and joined with the real
/// <c>vigil cluster join</c>.
/// </summary>
internal sealed partial class LabController
{
    /// <summary>Prepares the next node (<c>nodeN+1</c>), records it in lab.json and writes its joining configuration.</summary>
    public LabNode AddNode(bool witness = false)
    {
        var state = LabState.Load(Dir);
        var index = state.Nodes.Select(n => LabNetwork.Index(n.Name)).Max() + 1;
        if (state.Namespaces && index > 99)
        {
            throw new InvalidOperationException("a namespace lab numbers its nodes' addresses 1–99: no room for another node");
        }

        var name = "node" + index.ToString(CultureInfo.InvariantCulture);
        var node = state.Namespaces
            ? new LabNode(name, 7400, 7401, 7402, false, witness, 7480) { RelayPort = 7403 }
            : new LabNode(name, Free(SocketType.Dgram), Free(SocketType.Stream), Free(SocketType.Stream), false, witness, Free(SocketType.Stream)) { RelayPort = Free(SocketType.Stream) };
        if (state.Namespaces)
        {
            new LabNetwork(state.LabId).AddNode(node);
        }

        File.CreateSymbolicLink(DiskView(name), "heartbeat.disk");
        var member = state.Nodes.First(n => !n.Witness);
        // The cluster's settings and only its own [node] section: the rest it learns from the cluster once joined.
        var text = ConfigText(state with { Nodes = [node] }, name) + $"join = {ApiAddress(state, member)}\n";
        // Its heartbeat id must be free in the cluster (the first nodes have their file positions, 0 to N-1).
        text = text.Replace($"[node {name}]\n", $"[node {name}]\nid = {index - 1}\n", StringComparison.Ordinal);
        File.WriteAllText(ConfigPath(name), "# Written by `vigil lab add-node`: a new node that joins the running cluster.\n" + text);
        state.Nodes.Add(node);
        state.Save(Dir);
        LabFence.Write(Dir, state);
        return node;
    }

    private static int Free(SocketType type)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
