using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Dns;

/// <summary>
/// The dns kit against a real BIND with a TSIG-protected zone: two nodes in different subnets (alpha 192.0.2.10,
/// beta 198.51.100.20) take the record in turn; a wrong key is refused and changes nothing.
/// </summary>
public sealed class DnsKitSpecs(BindServer bind) : IClassFixture<BindServer>, IDisposable
{
    private const string Alpha = "192.0.2.10";
    private const string Beta = "198.51.100.20";
    private readonly DnsNode _alpha = new("alpha", System.IO.Directory.CreateTempSubdirectory("vigil-dns-alpha-").FullName);
    private readonly DnsNode _beta = new("beta", System.IO.Directory.CreateTempSubdirectory("vigil-dns-beta-").FullName);
    private readonly string _tag = "app" + Guid.NewGuid().ToString("N")[..8];

    private string Record => $"{_tag}.{BindServer.Zone}";

    private Dictionary<string, string> Parameters(string? secretFile = null, string? keyName = null) => new()
    {
        ["zone"] = BindServer.Zone,
        ["name"] = Record,
        ["addresses"] = $"alpha={Alpha}, beta={Beta}",
        ["server"] = bind.Server,
        ["keyName"] = keyName ?? BindServer.KeyName,
        ["secretFile"] = secretFile ?? bind.SecretFile,
        ["ttl"] = "30",
    };

    [Fact]
    public async Task Restore_OnAlpha_ServerAnswersAlphasAddressAndQuickCheckIsHealthy()
    {
        Assert.Equal(CheckState.NotRunning, (await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);

        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));

        Assert.Equal([Alpha], bind.Query(Record));
        Assert.Contains($"\t30\tIN\tA\t{Alpha}", Shell.Check("dig", "+tcp", "+noall", "+answer", "-p", bind.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "@127.0.0.1", Record, "A"), StringComparison.Ordinal);
        Assert.Equal(CheckState.Healthy, (await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);
    }

    [Fact]
    public async Task Restore_OnBetaAfterAlpha_ReplacesTheRecordAndAlphasCheckFails()
    {
        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));

        AssertSucceeded(await _beta.RunAsync(KitAction.Restore, _tag, Parameters()));

        Assert.Equal([Beta], bind.Query(Record));
        Assert.Equal(CheckState.Healthy, (await _beta.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);
        var stale = await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters());
        Assert.Equal(CheckState.Unhealthy, stale.Check);
        Assert.Contains($"holds {Beta}", stale.ExitReason, StringComparison.Ordinal);
        Assert.Contains($"not this node's {Alpha}", stale.ExitReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "NOTAUTH(BADSIG)")]
    [InlineData(true, "NOTAUTH(BADKEY)")]
    public async Task Restore_WrongKey_IsRefusedNamingServerZoneKeyAndRcode_AndTheZoneIsUnchanged(bool unknownKeyName, string rcode)
    {
        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));
        var keyName = unknownKeyName ? "stranger" : BindServer.KeyName;
        var wrong = unknownKeyName ? Parameters(keyName: keyName) : Parameters(secretFile: bind.WrongSecretFile);

        var result = await _beta.RunAsync(KitAction.Restore, _tag, wrong);

        Assert.False(result.Succeeded);
        Assert.True(result.ConfigurationError, "a refused key is a configuration error: failing over will not help");
        foreach (var expected in new[] { bind.Server, $"zone {BindServer.Zone}.", $"key {keyName}", rcode })
        {
            Assert.Contains(expected, result.ExitReason, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(bind.Secret, result.ExitReason, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(bind.WrongSecretFile).Trim(), result.ExitReason, StringComparison.Ordinal);
        Assert.All(_alpha.Log.Concat(_beta.Log), line => Assert.DoesNotContain(bind.Secret, line, StringComparison.Ordinal));
        Assert.Equal([Alpha], bind.Query(Record));
        Assert.Equal(CheckState.NotRunning, (await _beta.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);
    }

    [Fact]
    public async Task QuickCheck_RecordChangedBehindItsBack_IsUnhealthy_AndRecoverPointsItBack()
    {
        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));
        bind.Update($"update delete {Record}. A", $"update add {Record}. 30 A 203.0.113.99");

        var check = await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters());
        Assert.Equal(CheckState.Unhealthy, check.Check);
        Assert.Contains("holds 203.0.113.99", check.ExitReason, StringComparison.Ordinal);

        AssertSucceeded(await _alpha.RunAsync(KitAction.Recover, _tag, Parameters()));
        Assert.Equal([Alpha], bind.Query(Record));
        Assert.Equal(CheckState.Healthy, (await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);
    }

    [Fact]
    public async Task Remove_LeavesTheRecordForTheNextOwner_UnlessRemoveRecordAndItIsStillOurs()
    {
        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));
        AssertSucceeded(await _alpha.RunAsync(KitAction.Remove, _tag, Parameters()));
        Assert.Equal([Alpha], bind.Query(Record));
        Assert.Equal(CheckState.NotRunning, (await _alpha.RunAsync(KitAction.QuickCheck, _tag, Parameters())).Check);

        var withDelete = Parameters();
        withDelete["removeRecord"] = "true";
        AssertSucceeded(await _beta.RunAsync(KitAction.Remove, _tag, withDelete));
        Assert.Equal([Alpha], bind.Query(Record));

        AssertSucceeded(await _alpha.RunAsync(KitAction.Remove, _tag, withDelete));
        Assert.Empty(bind.Query(Record));
    }

    [Fact]
    public async Task Restore_WithInterface_UsesThatInterfacesAddress()
    {
        var parameters = Parameters();
        parameters.Remove("addresses");
        parameters["interface"] = "lo";

        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, parameters));

        Assert.Equal(["127.0.0.1"], bind.Query(Record));
    }

    [Fact]
    public async Task Restore_ServerNotAnswering_TimesOutNamingTheServer()
    {
        var parameters = Parameters();
        parameters["server"] = $"127.0.0.1:{bind.SilentPort}";

        var result = await _alpha.RunAsync(KitAction.Restore, _tag, parameters, TimeSpan.FromSeconds(2));

        Assert.Equal(ActionOutcome.TimedOut, result.Outcome);
        Assert.Contains($"127.0.0.1:{bind.SilentPort}", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickCheck_ServerUnreachable_IsDegradedNotUnhealthy()
    {
        AssertSucceeded(await _alpha.RunAsync(KitAction.Restore, _tag, Parameters()));
        var unreachable = Parameters();
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            unreachable["server"] = $"127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}";
        }

        var check = await _alpha.RunAsync(KitAction.QuickCheck, _tag, unreachable);

        Assert.Equal(CheckState.Degraded, check.Check);
        Assert.Contains("cannot verify", check.ExitReason, StringComparison.Ordinal);
    }

    private static void AssertSucceeded(ActionResult result) => Assert.True(result.Succeeded, $"{result.Outcome}: {result.ExitReason}");

    public void Dispose()
    {
        System.IO.Directory.Delete(_alpha.StateDir, recursive: true);
        System.IO.Directory.Delete(_beta.StateDir, recursive: true);
    }
}
