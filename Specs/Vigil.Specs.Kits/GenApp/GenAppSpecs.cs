using Vigil.Kits.GenApp;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.GenApp;

public sealed class GenAppSpecs : IDisposable
{
    private readonly Scripts _scripts = new();
    private readonly GenAppResourceType _type = new();

    private Dictionary<string, string> With(string restore, string? quickCheck = null) => new()
    {
        ["restore"] = restore,
        ["remove"] = _scripts.Write("ok", "#!/bin/sh\nexit 0\n"),
        ["quickCheck"] = quickCheck ?? _scripts.PathOf("ok"),
    };

    [Fact]
    public async Task RestoreAsync_ScriptPastTimeout_WholeProcessGroupIsKilled()
    {
        var pids = _scripts.PathOf("pids");
        var restore = _scripts.Write("spawner", $"""
            #!/bin/bash
            sleep 600 & echo $! >> {pids}
            ( sleep 600 & echo $! >> {pids}; wait ) &
            echo $$ >> {pids}
            echo "started children"
            sleep 600
            """);

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "grp", With(restore), TimeSpan.FromSeconds(1));

        Assert.Equal(ActionOutcome.TimedOut, result.Outcome);
        Assert.Contains("process group was killed: started children", result.ExitReason, StringComparison.Ordinal);
        var spawned = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Assert.Equal(3, spawned.Count);
        Assert.True(ProcessProbe.AllDead(spawned, TimeSpan.FromSeconds(10)), "children or grandchildren survived the timeout");
    }

    [Fact]
    public async Task RestoreAsync_Script_GetsTagIdAndEnvironmentButSecretOnlyOnStdin()
    {
        var dump = _scripts.PathOf("dump");
        var restore = _scripts.Write("env", $$"""
            #!/bin/bash
            read -r secret
            { echo "args=$*"; echo "stdin=$secret"; env | grep '^VIGIL_' | sort; } > {{dump}}
            """);
        var parameters = With(restore);
        parameters["colour"] = "blue";
        parameters["secret"] = "s3cr3t";

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "app1", parameters);

        Assert.True(result.Succeeded, result.ExitReason);
        var lines = File.ReadAllLines(dump);
        Assert.Contains("args=-t app1 -i app1-id", lines);
        Assert.Contains("stdin=s3cr3t", lines);
        Assert.Contains("VIGIL_TAG=app1", lines);
        Assert.Contains("VIGIL_ID=app1-id", lines);
        Assert.Contains("VIGIL_NODE=node1", lines);
        Assert.Contains("VIGIL_ACTION=restore", lines);
        Assert.Contains("VIGIL_PARAM_COLOUR=blue", lines);
        Assert.DoesNotContain(lines, l => l.Contains("s3cr3t", StringComparison.Ordinal) && l.StartsWith("VIGIL_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAsync_ScriptExitsWithoutReadingTheSecret_Succeeds()
    {
        // Regression: writing the secret to a script that had already exited broke the pipe and the action.
        var parameters = With(_scripts.Write("closes", "#!/bin/sh\nexec 0<&-\nexit 0\n"));
        parameters["secret"] = new string('x', 100_000);

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "nostdin", parameters);

        Assert.True(result.Succeeded, result.ExitReason);
    }

    [Fact]
    public async Task RestoreAsync_ScriptFailsAfterMuchOutput_ExitReasonIsBoundedTail()
    {
        var restore = _scripts.Write("noisy", "#!/bin/bash\nfor i in $(seq 1 20000); do echo \"line $i\"; done\necho 'final words: port 80 in use' >&2\nexit 3\n");

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "noisy", With(restore));

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("exited with code 3", result.ExitReason, StringComparison.Ordinal);
        Assert.EndsWith("final words: port 80 in use", result.ExitReason, StringComparison.Ordinal);
        Assert.True(result.ExitReason.Length < 1000, $"exit reason of {result.ExitReason.Length} characters");
    }

    [Theory]
    [InlineData(0, CheckState.Healthy, true)]
    [InlineData(7, CheckState.NotRunning, false)]
    [InlineData(10, CheckState.Degraded, true)]
    [InlineData(1, CheckState.Unhealthy, false)]
    public async Task QuickCheckAsync_ExitCode_MapsToCheckState(int code, CheckState state, bool succeeded)
    {
        var check = _scripts.Write($"check{code}", $"#!/bin/sh\necho checked\nexit {code}\n");

        var result = await Contexts.RunAsync(_type, KitAction.QuickCheck, "chk", With(check, check));

        Assert.Equal(state, result.Check);
        Assert.Equal(succeeded, result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ThroughKitHost_GenAppKitLoadsAndRunsScripts()
    {
        using var kits = new TempKits("Vigil.Kits.GenApp");
        await using var client = kits.Client();
        var marker = _scripts.PathOf("marker");
        var restore = _scripts.Write("touch", $"#!/bin/sh\ntouch {marker}\n");

        var result = await client.RunAsync(Requests.Run("genapp", KitAction.Restore, "viahost", With(restore)), Requests.Deadline());

        Assert.True(result.Succeeded, result.ExitReason);
        Assert.True(File.Exists(marker));
        var genapp = Assert.Single(await client.ListKitsAsync(Requests.Deadline()));
        Assert.True(Assert.Single(genapp.Types).IsSecret("secret"));
    }

    public void Dispose() => _scripts.Dispose();
}
