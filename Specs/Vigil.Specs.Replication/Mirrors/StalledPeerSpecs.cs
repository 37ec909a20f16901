using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>
/// A peer that stops answering (its vigil-repd stopped with SIGSTOP: its kernel still takes the bytes, as on a link
/// that died unnoticed). A verify against it waits for answers that never come; the control socket runs commands one
/// at a time, and that wait used to hold up every other command — status, pause, the node host's outdate protocol —
/// for its whole 5 s. And <c>--link-timeout-ms</c> is checked like every option.
/// </summary>
public sealed class StalledPeerSpecs : IDisposable
{
    private const long Size = 4 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Verify_PeerStopsAnswering_StatusAnsweredBeforeTheVerifyGivesUp()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        var pid = this.lab["n2"].Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Tool.CheckAsync("kill", "-STOP", pid);
        try
        {
            // Each call on its own connection: the verify first, then a status behind it.
            var verify = new MirrorControlClient(this.lab["n1"].ControlSocket).VerifyAsync("m", "n2", [0, 1]);
            var status = await new MirrorControlClient(this.lab["n1"].ControlSocket).StatusAsync("m");

            Assert.False(verify.IsCompleted, "the verify ended before the status answered: it held the control socket");
            Assert.Equal("n2", status.Peers.Single().Node);
            var refused = await Assert.ThrowsAsync<ControlException>(() => verify);
            Assert.Contains("n2 answered 0 of 2 chunks within 5 s", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Tool.CheckAsync("kill", "-CONT", pid);
        }
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("600001")]
    [InlineData("long")]
    public async Task Run_LinkTimeoutOutOfRange_RefusedNamingOptionAndValue(string value)
    {
        var node = this.lab["n1"];
        var (exit, _, error) = await Tool.RunAsync("dotnet", [RepdNode.DriverDll, "run", "--node", "n1", "--data", node.DataDir,
            "--listen", node.Address, "--secret-file", node.SecretFile, "--link-timeout-ms", value]);

        Assert.Equal(2, exit);
        Assert.Contains($"--link-timeout-ms '{value}': expected 2000 to 600000", error, StringComparison.Ordinal);
    }
}
