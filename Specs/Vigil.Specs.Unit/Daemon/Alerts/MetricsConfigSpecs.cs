using Vigil.Daemon.Alerts;
using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon.Alerts;

public sealed class MetricsConfigSpecs
{
    private static NodeConfig Parse(string cluster) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", $"""
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 1
        paths = udp
        quorum = none
        {cluster}
        [node a]
        udp = 10.0.1.1:7400
        raft = 10.0.2.1:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        """));

    [Theory]
    [InlineData("", "Guest")]
    [InlineData("metrics = guest", "Guest")]
    [InlineData("metrics = open", "Open")]
    [InlineData("metrics = off", "Off")]
    public void Metrics_Setting_ChoosesWhoMayScrape(string line, string expected) => Assert.Equal(Enum.Parse<MetricsAccess>(expected), Parse(line).Metrics);

    [Fact]
    public void Metrics_UnknownValue_IsRefusedNamingLineAndField()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("metrics = public"));
        Assert.Equal("/etc/vigil/vigild.conf:8: cluster.metrics: 'public' is not guest, open or off", e.Message);
    }

    [Fact]
    public void AlertHook_ToString_NeverShowsTheSecret()
    {
        var hook = new AlertHook("pager", null!, null, new Uri("https://alerts.example.net/vigil?x=1")) { Secret = "hunter2" };
        Assert.Equal("alert pager -> https://alerts.example.net/vigil", hook.ToString());
    }
}
