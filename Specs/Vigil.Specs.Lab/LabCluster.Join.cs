using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

internal sealed partial class LabCluster
{
    /// <summary>What `vigil lab add-node` prepares (the next node, its joining configuration), then starts it: it waits to be added.</summary>
    public async Task<string> AddJoiningNodeAsync()
    {
        var node = _controller.AddNode();
        _state.Nodes.Add(LabState.Load(Dir).Node(node.Name));
        await StartAsync(node.Name);
        return node.Name;
    }
}
