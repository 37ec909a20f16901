using System.Net;
using Vigil.Consensus;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class ConsensusNodeSpecs
{
    [Fact]
    public void Constructor_LocalNameNotAMember_ThrowsNamingMembers()
    {
        var options = Options(local: "n4");

        var error = Assert.Throws<ArgumentException>(() => new ConsensusNode(options));

        Assert.Contains("'n4' is not one of the members", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UpperElectionTimeoutNotAboveLower_Throws()
    {
        var options = Options(local: "n1", lower: TimeSpan.FromMilliseconds(300), upper: TimeSpan.FromMilliseconds(300));

        Assert.Throws<ArgumentException>(() => new ConsensusNode(options));
    }

    [Fact]
    public void ConsensusOptions_Defaults_SuitLoopbackHa()
    {
        var options = Options(local: "n1");

        Assert.Equal(TimeSpan.FromMilliseconds(150), options.LowerElectionTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.UpperElectionTimeout);
        Assert.Null(options.Tls);
    }

    [Fact]
    public async Task LeaderChanged_LeaderStopped_RaisedOnSurvivorsWithNewLeader()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var old = await cluster.WaitForLeaderAsync();
        var seen = new List<string?>();
        foreach (var survivor in cluster.Running.Where(r => r != old))
        {
            survivor.Node.LeaderChanged += (_, e) =>
            {
                lock (seen)
                {
                    seen.Add(e.LeaderName);
                }
            };
        }

        await cluster.StopNodeAsync(old.Node.Name);
        var next = await cluster.WaitForLeaderAsync();

        Assert.NotEqual(old.Node.Name, next.Node.Name);
        await Eventually.HoldsAsync(
            () =>
            {
                lock (seen)
                {
                    return seen.Contains(next.Node.Name);
                }
            },
            TestCluster.Patience,
            () => "LeaderChanged names the new leader");
    }

    [Fact]
    public async Task ProposeAsync_BeforeStart_Throws()
    {
        await using var node = new ConsensusNode(Options(local: "n1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => node.ProposeAsync(new byte[] { 1 }));
    }

    private static ConsensusOptions Options(string local, TimeSpan? lower = null, TimeSpan? upper = null)
    {
        var options = new ConsensusOptions
        {
            Members = new Dictionary<string, IPEndPoint>
            {
                ["n1"] = new(IPAddress.Loopback, 1),
                ["n2"] = new(IPAddress.Loopback, 2),
                ["n3"] = new(IPAddress.Loopback, 3),
            },
            LocalName = local,
            DataDirectory = Path.Combine(Path.GetTempPath(), "vigil-consensus-unused"),
        };
        return lower is null ? options : new ConsensusOptions
        {
            Members = options.Members,
            LocalName = local,
            DataDirectory = options.DataDirectory,
            LowerElectionTimeout = lower.Value,
            UpperElectionTimeout = upper!.Value,
        };
    }
}
