using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

/// <summary>What the replicated-hierarchy specs need beyond the kit labs: a choice of fencing and witness, and partitions.</summary>
internal sealed partial class LabCluster
{
    /// <summary>A namespace lab of <paramref name="members"/> members, with or without a witness, with lab fencing or none (leases only).</summary>
    public static LabCluster CreateNamespaced(int members, bool witness, string fencing)
    {
        Assert.True(Shell.IsRoot, "the lab kit specs need root (CI runs as root); run scripts/test.sh as root");
        var dir = Path.Combine(Directory.CreateTempSubdirectory("vigil-lab-").FullName, "lab");
        var controller = new LabController(dir);
        return new LabCluster(controller, controller.Create(members, "default", "udp, tcp, disk", namespaces: true, witness: witness, fencing: fencing));
    }

    /// <summary>
    /// Cuts (or heals) every path between <paramref name="minority"/> and the other nodes: blackhole routes on every
    /// network, and the minority's view of the shared heartbeat disk (a file every node sees, so it is cut per node).
    /// </summary>
    public void Partition(IReadOnlyList<string> minority, bool heal)
    {
        var rest = Nodes.Except(minority).Select(Node).ToList();
        Network.Partition([.. minority.Select(Node)], rest, heal);
        foreach (var n in minority)
        {
            Cut(n, "disk", heal);
        }
    }
}
