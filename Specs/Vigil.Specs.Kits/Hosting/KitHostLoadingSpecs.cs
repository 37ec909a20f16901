using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>Loading kits into a real vigil-kithost: isolation, load errors, SDK versions, unloading.</summary>
public sealed class KitHostLoadingSpecs
{
    [Fact]
    public async Task RunAsync_TwoKitsUsingTwoVersionsOfOneLibrary_EachGetsItsOwnVersion()
    {
        using var kits = new TempKits("Kit.Alpha", "Kit.Beta");
        await using var client = kits.Client();

        var alpha = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline());
        var beta = await client.RunAsync(Requests.Run("beta", KitAction.Restore, "b1"), Requests.Deadline());

        Assert.Equal("1.0.0.0: hello from greeting v1", alpha.ExitReason);
        Assert.Equal("2.0.0.0: hello from greeting v2", beta.ExitReason);
    }

    [Fact]
    public async Task ListKitsAsync_BrokenKitsBesideGoodOnes_ReportsEachErrorAndLoadsTheRest()
    {
        using var kits = new TempKits("Kit.Alpha", "Kit.LoadFails", "Kit.FutureSdk");
        Directory.CreateDirectory(Path.Combine(kits.Directory, "empty-folder"));
        await using var client = kits.Client();

        var list = (await client.ListKitsAsync(Requests.Deadline())).ToDictionary(k => k.Name);

        Assert.True(list["Kit.Alpha"].Loaded);
        Assert.Equal(["alpha"], list["Kit.Alpha"].Types.Select(t => t.Name));
        Assert.Equal("1.0.0.0", list["Kit.Alpha"].SdkVersion);
        Assert.Contains("kit 'Kit.LoadFails' failed to load: InvalidOperationException: missing /etc/loadfails.conf", list["Kit.LoadFails"].LoadError, StringComparison.Ordinal);
        Assert.Contains("built against kit SDK 2.0.0.0 but this kit host runs kit SDK 1.0.0.0", list["Kit.FutureSdk"].LoadError, StringComparison.Ordinal);
        Assert.Contains("no kit assembly", list["empty-folder"].LoadError, StringComparison.Ordinal);
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.QuickCheck, "a1"), Requests.Deadline())).Succeeded);
    }

    [Fact]
    public async Task UnloadAsync_LoadedKit_LoadContextIsCollectedAndTypeIsGone()
    {
        using var kits = new TempKits("Kit.Alpha", "Kit.Beta");
        await using var client = kits.Client();
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);

        Assert.True(await client.UnloadAsync("Kit.Alpha", Requests.Deadline()));

        var gone = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1", timeout: TimeSpan.FromSeconds(5)), Requests.Deadline());
        Assert.Equal(ActionOutcome.KitFailed, gone.Outcome);
        Assert.True((await client.RunAsync(Requests.Run("beta", KitAction.Restore, "b1"), Requests.Deadline())).Succeeded);
        await client.ReloadAsync(Requests.Deadline());
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);
    }

    [Fact]
    public async Task RunAsync_UnknownType_FailsNamingTheType()
    {
        using var kits = new TempKits("Kit.Alpha");
        await using var client = kits.Client();

        var result = await client.RunAsync(Requests.Run("nosuchtype", KitAction.Restore, "x", timeout: TimeSpan.FromSeconds(5)), Requests.Deadline());

        Assert.Equal(ActionOutcome.KitFailed, result.Outcome);
        Assert.Contains("no loaded kit provides resource type 'nosuchtype'", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KitHostMissing_KitFailedWithTheHostsLastWords()
    {
        using var kits = new TempKits("Kit.Alpha");
        await using var client = new KitHostClient(new KitHostOptions { KitsDirectory = kits.Directory, HostPath = "/nonexistent/vigil-kithost.dll" });

        var result = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1", timeout: TimeSpan.FromSeconds(5)), Requests.Deadline());

        Assert.Equal(ActionOutcome.KitFailed, result.Outcome);
        Assert.Contains("/nonexistent/vigil-kithost.dll", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAsync_OcfAgentThroughKitHost_ReturnsTheAgentsSchema()
    {
        using var kits = new TempKits("Vigil.Kits.Ocf");
        await using var client = kits.Client();

        var definition = await client.DescribeAsync("ocf", new Dictionary<string, string> { ["agent"] = "heartbeat:Dummy" }, Requests.Deadline());

        Assert.StartsWith("ocf:heartbeat:Dummy", definition.Description, StringComparison.Ordinal);
        Assert.Contains(definition.Parameters, p => p.Name == "state");
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.DescribeAsync("nosuchtype", new Dictionary<string, string>(), Requests.Deadline()));
    }
}
