using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>Kits that throw, hang, FailFast or overflow the stack are contained; other kits go on.</summary>
public sealed class KitHostContainmentSpecs
{
    private static Dictionary<string, string> Mode(string mode) => new() { ["mode"] = mode };

    [Fact]
    public async Task RunAsync_KitThrows_KitFailedWithExceptionAndHostKeepsServing()
    {
        using var kits = new TempKits("Kit.Crashy", "Kit.Alpha");
        await using var client = kits.Client();

        var result = await client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode("throw")), Requests.Deadline());

        Assert.Equal(ActionOutcome.KitFailed, result.Outcome);
        Assert.Contains("threw InvalidOperationException: crashy kit threw on purpose", result.ExitReason, StringComparison.Ordinal);
        Assert.Equal(0, client.Restarts);
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);
    }

    [Fact]
    public async Task RunAsync_KitIgnoresCancellation_TimesOutAbandonedAndHostKeepsServing()
    {
        using var kits = new TempKits("Kit.Crashy", "Kit.Alpha");
        await using var client = kits.Client();

        var result = await client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode("hang"), TimeSpan.FromSeconds(1)), Requests.Deadline());

        Assert.Equal(ActionOutcome.TimedOut, result.Outcome);
        Assert.Contains("ignored cancellation; abandoned", result.ExitReason, StringComparison.Ordinal);
        Assert.Equal(0, client.Restarts);
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline())).Succeeded);
    }

    [Fact]
    public async Task RunAsync_KitHonoursCancellation_TimedOutWithTimeoutInReason()
    {
        using var kits = new TempKits("Kit.Crashy");
        await using var client = kits.Client();

        var result = await client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode("slow"), TimeSpan.FromMilliseconds(500)), Requests.Deadline());

        Assert.Equal(ActionOutcome.TimedOut, result.Outcome);
        Assert.Contains("timed out after 0.5 s", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_Cancelled()
    {
        using var kits = new TempKits("Kit.Crashy");
        await using var client = kits.Client();
        await client.StartAsync(Requests.Deadline());
        using var cancel = new CancellationTokenSource();

        var running = client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode("slow"), TimeSpan.FromSeconds(60)), cancel.Token);
        await cancel.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ActionOutcome.Cancelled, result.Outcome);
        Assert.Contains("was cancelled", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsKitThatIgnoresIt_CancelledAndAbandonedPromptly()
    {
        using var kits = new TempKits("Kit.Crashy");
        await using var client = kits.Client();
        await client.StartAsync(Requests.Deadline());
        using var cancel = new CancellationTokenSource();

        var running = client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode("hang"), TimeSpan.FromMinutes(10)), cancel.Token);
        await cancel.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ActionOutcome.Cancelled, result.Outcome);
        Assert.Contains("was cancelled and ignored cancellation; abandoned", result.ExitReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failfast", "crashy kit called FailFast on purpose")]
    [InlineData("stackoverflow", "Stack overflow")]
    public async Task RunAsync_KitKillsTheHost_ActionFailsWithCauseHostRestartedOtherKitsUnaffected(string mode, string cause)
    {
        using var kits = new TempKits("Kit.Crashy", "Kit.Alpha");
        await using var client = kits.Client();
        await client.StartAsync(Requests.Deadline());
        var firstPid = client.ProcessId;

        var result = await client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", Mode(mode)), Requests.Deadline());

        Assert.Equal(ActionOutcome.KitFailed, result.Outcome);
        Assert.Contains("restore of 'c1' (type crashy) was lost: kit host", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains("SIGABRT", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains(cause, result.ExitReason, StringComparison.Ordinal);
        var after = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline());
        Assert.True(after.Succeeded, after.ExitReason);
        Assert.Equal(1, client.Restarts);
        Assert.NotEqual(firstPid, client.ProcessId);
    }

    [Fact]
    public async Task RunAsync_HostFrozen_ActionTimedOutHostKilledAndRestarted()
    {
        using var kits = new TempKits("Kit.Alpha");
        await using var client = kits.Client(grace: TimeSpan.FromSeconds(1));
        await client.StartAsync(Requests.Deadline());
        var frozen = client.ProcessId!.Value;
        Shell.Check("kill", "-STOP", frozen.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1", timeout: TimeSpan.FromSeconds(1)), Requests.Deadline());

        Assert.Equal(ActionOutcome.TimedOut, result.Outcome);
        Assert.Contains("the kit host did not answer within 1 s more; the kit host was killed and is restarted", result.ExitReason, StringComparison.Ordinal);
        Assert.True(ProcessProbe.AllDead([frozen], TimeSpan.FromSeconds(10)));
        Assert.True((await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a2"), Requests.Deadline())).Succeeded);
        Assert.Equal(1, client.Restarts);
    }
}
