using Vigil.Daemon.Configuration;
using Vigil.Daemon.Fencing;

namespace Vigil.Specs.Unit.Daemon;

/// <summary>The <c>[fence]</c> section and per-node <c>fence-agent</c>: validated with file, line and field; the agent's output masked.</summary>
public sealed class FenceConfigSpecs : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vigil-fence-");

    private string Agent => Path.Combine(_dir.FullName, "agent");

    private string SecretFile => Path.Combine(_dir.FullName, "secret");

    public FenceConfigSpecs()
    {
        File.WriteAllText(Agent, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(Agent, (UnixFileMode)0b111_101_101);
        File.WriteAllText(SecretFile, "pw\n");
        File.SetUnixFileMode(SecretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private string Config(string fence, string nodeB = "") => $"""
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 1
        paths = udp
        [node a]
        udp = 10.0.1.1:7400
        raft = 10.0.2.1:7402
        [node b]
        udp = 10.0.1.2:7400
        raft = 10.0.2.2:7402
        {nodeB}
        [node c]
        udp = 10.0.1.3:7400
        raft = 10.0.2.3:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        {fence}
        """;

    private NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse(Path.Combine(_dir.FullName, "vigild.conf"), text));

    [Fact]
    public void From_NoFenceSection_FencesNobody()
    {
        var config = Parse(Config(string.Empty));

        Assert.False(config.Fencing.Enabled);
        Assert.Null(config.Fencing.AgentFor("b"));
    }

    [Fact]
    public void From_FenceSectionAndANodeOptingOut_GivesEveryOtherNodeTheAgentTimeoutAndSecret()
    {
        var config = Parse(Config("[fence]\nagent = agent\ntimeout-ms = 2500\nsecret-file = secret", nodeB: "fence-agent = none"));

        Assert.Equal(Agent, config.Fencing.AgentFor("a"));
        Assert.Null(config.Fencing.AgentFor("b"));
        Assert.Equal(Agent, config.Fencing.AgentFor("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), config.Fencing.Timeout);
        Assert.Equal(SecretFile, config.Fencing.SecretFile);
    }

    [Fact]
    public void From_PerNodeAgentWithoutFenceSection_FencesOnlyThatNodeWithTheDefaultTimeout()
    {
        var config = Parse(Config(string.Empty, nodeB: "fence-agent = agent"));

        Assert.Equal(Agent, config.Fencing.AgentFor("b"));
        Assert.Null(config.Fencing.AgentFor("a"));
        Assert.Equal(FenceSettings.DefaultTimeout, config.Fencing.Timeout);
    }

    [Theory]
    [InlineData("[fence]\nagent = missing", "fence.agent", "does not exist")]
    [InlineData("[fence]\nagent = secret", "fence.agent", "is not executable")]
    [InlineData("[fence]\nagent = agent\ntimeout-ms = 5", "fence.timeout-ms", "'5' is not a whole number from 100 to 600000")]
    [InlineData("[fence]\nagent = agent\npassword = hunter2", "fence.password", "unknown setting")]
    [InlineData("[fence]\nagent = agent\n[fence]\nagent = agent", "[fence]", "appears twice")]
    [InlineData("[fence]\nagent = agent\nsecret-file = nowhere", "fence.secret-file", "does not exist")]
    public void From_BadFenceSetting_IsRefusedNamingFileLineAndField(string fence, string field, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config(fence)));

        Assert.Equal(field, e.Field);
        Assert.EndsWith("vigild.conf", e.File, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_SecretFileReadableByOthers_IsRefused()
    {
        File.SetUnixFileMode(SecretFile, (UnixFileMode)0b110_100_100);

        var e = Assert.Throws<ConfigException>(() => Parse(Config("[fence]\nagent = agent\nsecret-file = secret")));

        Assert.Equal("fence.secret-file", e.Field);
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NodeFenceAgentThatIsMissing_NamesTheNodeSection()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config(string.Empty, nodeB: "fence-agent = /nonexistent/agent")));

        Assert.Equal("node b.fence-agent", e.Field);
        Assert.Equal(13, e.Line);
    }

    [Fact]
    public async Task RunAsync_AnAgent_GetsOnlyNodeAndActionAsArgumentsAndTheSecretInItsEnvironment()
    {
        var seen = Path.Combine(_dir.FullName, "seen");
        File.WriteAllText(Agent, $"#!/bin/sh\necho \"$* $VIGIL_FENCE_TARGET $VIGIL_FENCE_ACTION $VIGIL_FENCE_NODE $VIGIL_FENCE_SECRET\" > {seen}\necho powered off with $VIGIL_FENCE_SECRET\n");
        var settings = new FenceSettings(new Dictionary<string, string> { ["b"] = Agent }, TimeSpan.FromSeconds(10), SecretFile);

        var result = await new FenceAgent(settings, "a", "prod", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RunAsync("b", "off", CancellationToken.None);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("b off b off a pw", File.ReadAllText(seen).Trim());
        Assert.Equal("exit 0: powered off with ***", result.Detail);
    }

    [Theory]
    [InlineData("exit 1", 30_000, "exit 1")] // a deadline no loaded machine reaches: the failure must be the exit code
    [InlineData("sleep 30", 300, "timed out after 300 ms (killed)")]
    public async Task RunAsync_AnAgentThatFailsOrHangs_IsAFailure(string body, int timeoutMs, string detail)
    {
        File.WriteAllText(Agent, "#!/bin/sh\n" + body + "\n");
        var settings = new FenceSettings(new Dictionary<string, string> { ["b"] = Agent }, TimeSpan.FromMilliseconds(timeoutMs), null);

        var result = await new FenceAgent(settings, "a", "prod", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RunAsync("b", "off", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(detail, result.Detail);
    }

    [Theory]
    [InlineData("login failed\nBMC said no to pw s3cr3t\n", "s3cr3t", "BMC said no to pw ***")]
    [InlineData("", "s3cr3t", "")]
    [InlineData("ok\n\n", null, "ok")]
    public void LastLine_AgentOutput_IsTheLastLineWithTheSecretMasked(string output, string? secret, string expected) =>
        Assert.Equal(expected, FenceAgent.LastLine(output, secret));
}
