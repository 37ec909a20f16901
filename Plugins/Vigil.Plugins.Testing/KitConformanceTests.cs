using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Plugins.Abstractions;
using Xunit;

namespace Vigil.Plugins.Testing;

/// <summary>
/// The contract every recovery kit's resource type keeps. Subclass it once per type, give it a sample
/// instance, and the suite checks: restore is idempotent, remove of a stopped resource succeeds,
/// quickCheck is healthy after restore and not-running after remove, timeouts are honoured, and every
/// failure carries an exit reason.
/// </summary>
public abstract class KitConformanceTests
{
    /// <summary>The type under test (a fresh instance is fine).</summary>
    /// <returns>The type.</returns>
    protected abstract ResourceType CreateResourceType();

    /// <summary>Parameters of a sample instance that restore can really start on this machine.</summary>
    /// <param name="tag">A tag unique to the test; use it to keep instances apart.</param>
    /// <returns>The parameters.</returns>
    protected abstract IReadOnlyDictionary<string, string> CreateParameters(string tag);

    /// <summary>Parameters with which restore runs far longer than any timeout (it must be killed).</summary>
    /// <param name="tag">A tag unique to the test.</param>
    /// <returns>The parameters.</returns>
    protected abstract IReadOnlyDictionary<string, string> CreateHangingParameters(string tag);

    /// <summary>Parameters that <c>validate</c> must refuse.</summary>
    /// <param name="tag">A tag unique to the test.</param>
    /// <returns>The parameters.</returns>
    protected abstract IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag);

    /// <summary>The timeout used for the hanging restore.</summary>
    protected virtual TimeSpan ShortTimeout => TimeSpan.FromSeconds(1);

    /// <summary>How much longer than <see cref="ShortTimeout"/> a kit may take to give up.</summary>
    protected virtual TimeSpan TimeoutSlack => TimeSpan.FromSeconds(5);

    /// <summary>Runs one action the way the kit host does (defaults applied, deadline on the token).</summary>
    /// <param name="action">The action.</param>
    /// <param name="tag">The resource's tag.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="timeout">Its timeout, or the type's own.</param>
    /// <returns>The result.</returns>
    protected async Task<ActionResult> RunAsync(KitAction action, string tag, IReadOnlyDictionary<string, string> parameters, TimeSpan? timeout = null)
    {
        var type = CreateResourceType();
        var limit = timeout ?? type.Definition.Timeouts.For(action);
        using var deadline = new CancellationTokenSource(limit);
        return await type.RunAsync(new ActionContext
        {
            Tag = tag,
            Id = tag + "-id",
            Node = Environment.MachineName,
            Action = action,
            Parameters = type.Definition.ApplyDefaults(parameters),
            Logger = NullLogger.Instance,
            Timeout = limit,
            CancellationToken = deadline.Token,
        }).ConfigureAwait(false);
    }

    /// <summary>A tag unique to one test.</summary>
    /// <returns>The tag.</returns>
    protected static string NewTag() => "conf-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The definition names itself, declares unique parameters and positive timeouts, and accepts the sample.</summary>
    [Fact]
    public void Definition_SampleInstance_IsWellFormedAndValid()
    {
        var definition = CreateResourceType().Definition;
        Assert.False(string.IsNullOrWhiteSpace(definition.Name));
        Assert.Equal(definition.Parameters.Count, definition.Parameters.Select(p => p.Name).Distinct().Count());
        Assert.All(Enum.GetValues<KitAction>(), action => Assert.True(definition.Timeouts.For(action) > TimeSpan.Zero));
        Assert.Empty(definition.Validate(CreateParameters(NewTag())));
    }

    /// <summary>restore twice: both succeed (the second must not disturb the first), and the check is healthy.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Restore_Twice_SucceedsAndQuickCheckIsHealthy()
    {
        var tag = NewTag();
        var parameters = CreateParameters(tag);
        try
        {
            AssertSucceeded(await RunAsync(KitAction.Restore, tag, parameters));
            AssertSucceeded(await RunAsync(KitAction.Restore, tag, parameters));
            var check = await RunAsync(KitAction.QuickCheck, tag, parameters);
            AssertSucceeded(check);
            Assert.Equal(CheckState.Healthy, check.Check);
        }
        finally
        {
            await RunAsync(KitAction.Remove, tag, parameters);
        }
    }

    /// <summary>remove of a resource never started, and remove twice, succeed.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Remove_WhenStopped_Succeeds()
    {
        var tag = NewTag();
        var parameters = CreateParameters(tag);
        AssertSucceeded(await RunAsync(KitAction.Remove, tag, parameters));
        AssertSucceeded(await RunAsync(KitAction.Remove, tag, parameters));
    }

    /// <summary>After restore then remove, quickCheck reports not-running with an exit reason.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task QuickCheck_AfterRemove_IsNotRunning()
    {
        var tag = NewTag();
        var parameters = CreateParameters(tag);
        AssertSucceeded(await RunAsync(KitAction.Restore, tag, parameters));
        AssertSucceeded(await RunAsync(KitAction.Remove, tag, parameters));
        var check = await RunAsync(KitAction.QuickCheck, tag, parameters);
        Assert.False(check.Succeeded);
        Assert.Equal(CheckState.NotRunning, check.Check);
        Assert.False(string.IsNullOrWhiteSpace(check.ExitReason));
    }

    /// <summary>A restore that hangs ends soon after its timeout, failed, with an exit reason.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Restore_PastTimeout_FailsPromptlyWithExitReason()
    {
        var tag = NewTag();
        var parameters = CreateHangingParameters(tag);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await RunAsync(KitAction.Restore, tag, parameters, ShortTimeout);
            Assert.False(result.Succeeded, "a hanging restore must not succeed");
            Assert.False(string.IsNullOrWhiteSpace(result.ExitReason));
            Assert.True(clock.Elapsed < ShortTimeout + TimeoutSlack, $"took {clock.Elapsed} for a timeout of {ShortTimeout}");
        }
        finally
        {
            await RunAsync(KitAction.Remove, tag, parameters);
        }
    }

    /// <summary>validate refuses bad parameters as a configuration error with an exit reason.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Validate_InvalidParameters_FailsWithExitReason()
    {
        var tag = NewTag();
        var result = await RunAsync(KitAction.Validate, tag, CreateInvalidParameters(tag));
        Assert.False(result.Succeeded);
        Assert.True(result.ConfigurationError, $"expected a configuration error, got {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.ExitReason));
    }

    /// <summary>validate accepts the sample instance.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Validate_SampleParameters_Succeeds()
    {
        var tag = NewTag();
        AssertSucceeded(await RunAsync(KitAction.Validate, tag, CreateParameters(tag)));
    }

    private static void AssertSucceeded(ActionResult result) =>
        Assert.True(result.Succeeded, $"expected success, got {result.Outcome}: {result.ExitReason}");
}
