using System.Net;
using System.Net.Sockets;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class ProposalRelaySpecs
{
    /// <summary>
    /// A follower forwards to a leader that hangs (its relay accepts the connection and never answers, as a frozen or
    /// cable-pulled machine does: no RST ever comes). Once the survivors elect another leader the forward must go there,
    /// not wait out its deadline; and since the hung leader never took the input, it is committed exactly once.
    /// </summary>
    [Fact]
    public async Task SubmitAsync_LeaderHangsWhileForwarding_SentToTheNextLeaderAndCommittedOnce()
    {
        using var certificate = TestCertificates.SelfSigned("vigil-cluster");
        var tls = new ConsensusTlsOptions { Certificate = certificate, ClusterAuthority = certificate };
        await using var cluster = await TestCluster.StartAsync(3, _ => tls);
        var leader = (await cluster.WaitForLeaderAsync()).Node.Name;
        var followers = cluster.Names.Where(n => n != leader).ToArray();
        var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        try
        {
            var relays = new Dictionary<string, IPEndPoint>(StringComparer.Ordinal)
            {
                [leader] = (IPEndPoint)hung.LocalEndpoint,
                [followers[0]] = FreeEndPoint(),
                [followers[1]] = FreeEndPoint(),
            };
            await using var submitter = new ProposalRelay(cluster[followers[0]].Node, relays, tls);
            await using var survivor = new ProposalRelay(cluster[followers[1]].Node, relays, tls);
            submitter.Start();
            survivor.Start();
            var input = new MembershipInputs.ReportNodeRejoined("n-relayed");

            // The deadline is far beyond any election: only a forward that stays stuck on the hung leader misses it.
            var submitting = submitter.SubmitAsync(input, TimeSpan.FromSeconds(60), CancellationToken.None);
            using (var accepted = new CancellationTokenSource(TestCluster.Patience))
            using (var stuck = await hung.AcceptSocketAsync(accepted.Token))
            {
                await cluster.StopNodeAsync(leader);
                var result = await submitting;
                Assert.True(result.IsCommitted, $"the forward was not re-sent to the new leader: {result}");
            }

            await Eventually.HoldsAsync(
                () => followers.All(f => Relayed(cluster[f], input) >= 1),
                TestCluster.Patience,
                () => "both survivors deliver the relayed input");
            Assert.All(followers, f => Assert.Equal(1, Relayed(cluster[f], input)));
        }
        finally
        {
            hung.Stop();
        }
    }

    /// <summary>
    /// A follower's relay opens its connection to the leader's relay as soon as it knows the leader, before it has
    /// anything to forward: the first forward of a failover (a backup's first action result) must not pay the TCP
    /// connect and the mutual TLS handshake. The forward then goes over that connection.
    /// </summary>
    [Fact]
    public async Task Start_LeaderKnown_ConnectsToTheLeadersRelayBeforeAnyForward()
    {
        using var certificate = TestCertificates.SelfSigned("vigil-cluster");
        var tls = new ConsensusTlsOptions { Certificate = certificate, ClusterAuthority = certificate };
        await using var cluster = await TestCluster.StartAsync(3, _ => tls);
        var leader = (await cluster.WaitForLeaderAsync()).Node.Name;
        var follower = cluster.Names.First(n => n != leader);
        var relays = cluster.Names.ToDictionary(n => n, _ => FreeEndPoint(), StringComparer.Ordinal);
        await using var leaderRelay = new ProposalRelay(cluster[leader].Node, relays, tls);
        await using var followerRelay = new ProposalRelay(cluster[follower].Node, relays, tls);
        leaderRelay.Start();
        followerRelay.Start();

        await Eventually.HoldsAsync(
            () => followerRelay.IsConnectedTo(leader),
            TestCluster.Patience,
            () => $"{follower}'s relay has not connected to the leader {leader}'s relay before forwarding anything");
        var input = new MembershipInputs.ReportNodeRejoined("n-prepared");
        var result = await followerRelay.SubmitAsync(input, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(result.IsCommitted, $"the forward over the prepared connection did not commit: {result}");
        Assert.True(followerRelay.IsConnectedTo(leader), "the connection is not kept open after the forward");
    }

    private static int Relayed(NodeRecorder node, IEngineInput input) =>
        node.Delivered.Count(e => EngineInputCodec.Decode(e.Payload).Equals(input));

    private static IPEndPoint FreeEndPoint()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endPoint = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop();
        return endPoint;
    }
}
