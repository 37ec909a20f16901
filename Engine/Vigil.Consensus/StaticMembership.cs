using System.Net;
using DotNext.Buffers;
using DotNext.Net;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Vigil.Consensus;

/// <summary>
/// The initial member list handed to DotNext. DotNext 6.12's in-memory storage is abstract (it needs an address
/// codec); this supplies DotNext's own endpoint format. It holds the initial voters (the configuration file's, or the
/// membership persisted after a change); DotNext then keeps it current as membership changes commit.
/// </summary>
internal sealed class StaticMembership : InMemoryClusterConfigurationStorage<EndPoint>
{
    public static StaticMembership Create(IEnumerable<IPEndPoint> members)
    {
        var storage = new StaticMembership();
        var builder = storage.CreateInitialConfigurationBuilder();
        foreach (var endPoint in members)
        {
            builder.Add(endPoint);
        }

        builder.Build();
        return storage;
    }

    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> output) => output.WriteEndPoint(address);

    protected override EndPoint Decode(ref SequenceReader reader) => reader.ReadEndPoint();
}
