using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

internal sealed partial class LabCluster
{
    /// <summary>What `vigil lab add-node` prepares: the next node and its joining configuration (not started yet).</summary>
    public string PrepareJoiningNode()
    {
        var node = _controller.AddNode();
        _state.Nodes.Add(LabState.Load(Dir).Node(node.Name));
        return node.Name;
    }
}
