using System.Net;
using Vigil.Consensus;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class ConsensusOptionsSpecs
{
    [Fact]
    public void Constructor_ConnectTimeoutAboveRequestTimeout_ThrowsNamingBothValues()
    {
        var options = Options(connect: TimeSpan.FromMilliseconds(400), threshold: 0.5);

        var error = Assert.Throws<ArgumentException>(() => new ConsensusNode(options));

        Assert.Contains("400 / 300 ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Constructor_HeartbeatThresholdOutsideZeroToOne_ThrowsNamingIt(double threshold)
    {
        var options = Options(connect: null, threshold: threshold);

        var error = Assert.Throws<ArgumentException>(() => new ConsensusNode(options));

        Assert.Equal(nameof(ConsensusOptions.HeartbeatThreshold), error.ParamName);
    }

    [Fact]
    public void Constructor_ConnectTimeoutWithinRequestTimeout_Accepted()
    {
        var node = new ConsensusNode(Options(connect: TimeSpan.FromMilliseconds(200), threshold: 0.3));

        Assert.Equal("n1", node.Name);
    }

    private static ConsensusOptions Options(TimeSpan? connect, double threshold) => new()
    {
        Members = new Dictionary<string, IPEndPoint>
        {
            ["n1"] = new(IPAddress.Loopback, 1),
            ["n2"] = new(IPAddress.Loopback, 2),
            ["n3"] = new(IPAddress.Loopback, 3),
        },
        LocalName = "n1",
        DataDirectory = Path.Combine(Path.GetTempPath(), "vigil-consensus-unused"),
        RequestTimeout = TimeSpan.FromMilliseconds(300),
        ConnectTimeout = connect,
        HeartbeatThreshold = threshold,
    };
}
