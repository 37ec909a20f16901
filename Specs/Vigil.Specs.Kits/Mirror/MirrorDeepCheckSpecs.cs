using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Kits.Mirror;

namespace Vigil.Specs.Kits.Mirror;

/// <summary>
/// deepCheck and canExtend of the mirror kit against real vigil-repd processes: copies in step verify; a chunk changed
/// behind the driver's back on the target is found and named; canExtend refuses a node without room and creates the
/// copy on one with room.
/// </summary>
[Collection(MirrorKitCollection.Name)]
public sealed class MirrorDeepCheckSpecs(RepdPair repd)
{
    [Fact]
    public async Task DeepCheck_CopiesInStep_IsHealthyAndSaysWhatItVerified()
    {
        var mirror = await InServiceAsync();

        var result = await RunAsync(KitAction.DeepCheck, Parameters(mirror));

        Assert.Equal(CheckState.Healthy, result.Check);
        Assert.Contains($"16 chunks verified on {RepdPair.Peer}", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeepCheck_TargetChunksChangedBehindTheDriver_IsDegradedNamingTheChunks()
    {
        var mirror = await InServiceAsync();
        var target = repd.VolumePattern(mirror).Replace("{node}", RepdPair.Peer, StringComparison.Ordinal);
        await using (var file = new FileStream(target, FileMode.Open, FileAccess.Write))
        {
            foreach (var chunk in new[] { 3, 11 })
            {
                file.Position = (chunk * 65536L) + 100;
                await file.WriteAsync("bit rot"u8.ToArray());
            }
        }

        var result = await RunAsync(KitAction.DeepCheck, Parameters(mirror));
        var quick = await RunAsync(KitAction.QuickCheck, Parameters(mirror));

        Assert.Equal(CheckState.Degraded, result.Check);
        Assert.Contains($"{RepdPair.Peer}'s copy differs in chunk(s) 3, 11 of 16 compared", result.ExitReason, StringComparison.Ordinal);
        Assert.Equal(CheckState.Healthy, quick.Check); // the link state cannot see it: only the comparison does
    }

    [Fact]
    public async Task CanExtend_NodeWithoutRoomForTheCopy_FailsNamingTheFreeSpace()
    {
        var mirror = "ext-" + Guid.NewGuid().ToString("N")[..8];
        var parameters = Parameters(mirror);
        parameters["sizeMiB"] = (16L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture); // 16 TiB

        var result = await RunAsync(KitAction.CanExtend, parameters);

        Assert.False(result.Succeeded);
        Assert.Contains("the mirror needs 16777216 MiB", result.ExitReason, StringComparison.Ordinal);
        Assert.DoesNotContain(await repd.LocalControl.StatusAsync(), m => m.Name == mirror);
    }

    [Fact]
    public async Task CanExtend_NodeWithRepdAndRoom_CreatesTheCopy()
    {
        var mirror = "ext-" + Guid.NewGuid().ToString("N")[..8];

        var result = await RunAsync(KitAction.CanExtend, Parameters(mirror));

        Assert.True(result.Succeeded, result.ExitReason);
        Assert.Contains(await repd.LocalControl.StatusAsync(), m => m.Name == mirror);
    }

    private async Task<string> InServiceAsync()
    {
        var mirror = "deep-" + Guid.NewGuid().ToString("N")[..8];
        await repd.CreateAsync(mirror, RepdPair.Local);
        var restored = await RunAsync(KitAction.Restore, Parameters(mirror));
        Assert.True(restored.Succeeded, restored.ExitReason);
        return mirror;
    }

    private Dictionary<string, string> Parameters(string mirror) => new()
    {
        ["mirror"] = mirror,
        ["nodes"] = $"{RepdPair.Local},{RepdPair.Peer}",
        ["sizeMiB"] = "1",
        ["volume"] = repd.VolumePattern(mirror),
    };

    private static async Task<ActionResult> RunAsync(KitAction action, IReadOnlyDictionary<string, string> parameters)
    {
        var type = new MirrorResourceType();
        var timeout = type.Definition.Timeouts.For(action);
        using var deadline = new CancellationTokenSource(timeout);
        return await type.RunAsync(new ActionContext
        {
            Tag = parameters["mirror"],
            Id = parameters["mirror"] + "-id",
            Node = RepdPair.Local,
            Action = action,
            Parameters = type.Definition.ApplyDefaults(parameters),
            Logger = NullLogger.Instance,
            Timeout = timeout,
            CancellationToken = deadline.Token,
        });
    }
}
