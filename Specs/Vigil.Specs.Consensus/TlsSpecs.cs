using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class TlsSpecs
{
    [Fact]
    public async Task ProposeAsync_MutualTlsWithClusterCertificate_Commits()
    {
        using var clusterCertificate = TestCertificates.SelfSigned("vigil-cluster");
        await using var cluster = await TestCluster.StartAsync(3, _ => Tls(clusterCertificate, clusterCertificate));
        await cluster.WaitForLeaderAsync();

        // The first proposal after an election under load may time out (TLS handshakes): retry until committed.
        // A timed-out proposal may still commit, so the check is "every node delivers the same entries", not "exactly one".
        Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined("n1"))).IsCommitted);
        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Count >= 1) && cluster.Running.Select(r => r.Count).Distinct().Count() == 1,
            TestCluster.Patience,
            () => "all three deliver over TLS");
    }

    [Fact]
    public async Task StartAsync_NodeWithForeignCertificate_CannotJoinOrDisrupt()
    {
        using var clusterCertificate = TestCertificates.SelfSigned("vigil-cluster");
        using var rogue = TestCertificates.SelfSigned("vigil-cluster"); // same name, different key: not the cluster's
        await using var cluster = await TestCluster.StartAsync(
            3,
            name => name == "n3" ? Tls(rogue, rogue) : Tls(clusterCertificate, clusterCertificate));

        var leader = await cluster.WaitForLeaderAsync(among: ["n1", "n2"]);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined($"x{i}"), among: ["n1", "n2"])).IsCommitted);
        }

        await Eventually.HoldsAsync(() => cluster["n1"].Count == 5 && cluster["n2"].Count == 5, TestCluster.Patience, () => "n1 and n2 deliver");
        Assert.Equal(0, cluster["n3"].Count);
        Assert.False(cluster["n3"].Node.IsLeader);
        Assert.NotEqual("n3", leader.Node.Name);
    }

    [Fact]
    public void IsClusterMember_CertificateOfAnotherAuthority_False()
    {
        using var authority = TestCertificates.SelfSigned("vigil-cluster");
        using var other = TestCertificates.SelfSigned("vigil-cluster");

        Assert.True(ClusterTls.IsClusterMember(authority, authority));
        Assert.False(ClusterTls.IsClusterMember(other, authority));
        Assert.False(ClusterTls.IsClusterMember(null, authority));
    }

    private static ConsensusTlsOptions Tls(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, System.Security.Cryptography.X509Certificates.X509Certificate2 authority) =>
        new() { Certificate = certificate, ClusterAuthority = authority };
}
