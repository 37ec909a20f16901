namespace Vigil.Specs.Lab;

/// <summary>What the release specs need besides crashing the whole node: a crash of vigild alone.</summary>
internal sealed partial class LabCluster
{
    /// <summary>
    /// SIGKILLs a node's vigild and its process tree (kit host, heartbeat), as a vigild crash: the applications its kits
    /// detached keep running, and its links stay up (the node goes silent, so the majority declares it dead).
    /// </summary>
    public void KillVigild(string node) => Cli.Lab.LabController.Kill(Node(node));
}
