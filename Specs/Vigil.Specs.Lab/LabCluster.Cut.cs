namespace Vigil.Specs.Lab;

internal sealed partial class LabCluster
{
    /// <summary>Cuts (or heals) every network path between two nodes only (blackhole routes both ways); both still reach the others.</summary>
    public void CutBetween(string a, string b, bool heal) => Network.Partition([Node(a)], [Node(b)], heal);
}
