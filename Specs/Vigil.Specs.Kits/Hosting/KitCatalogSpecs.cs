using System.Runtime.CompilerServices;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>In-process: the catalog's load contexts are collectible.</summary>
public sealed class KitCatalogSpecs
{
    [Fact]
    public void Unload_KitThatRanAnAction_LoadContextIsCollected()
    {
        using var kits = new TempKits("Kit.Beta");
        using var catalog = new KitCatalog(kits.Directory);
        var reference = LoadRunAndUnload(catalog);

        var collected = SpinWait.SpinUntil(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return !reference.IsAlive;
            },
            TimeSpan.FromSeconds(10));

        Assert.True(collected, "the kit's load context is still alive after unload");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload(KitCatalog catalog)
    {
        catalog.LoadAll();
        Assert.True(catalog.TryFind("beta", out _, out var type));
        var result = type.RestoreAsync(new ActionContext
        {
            Tag = "b", Id = "b", Node = "n", Action = KitAction.Restore, Parameters = new Dictionary<string, string>(),
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Timeout = TimeSpan.FromSeconds(5),
        }).GetAwaiter().GetResult();
        Assert.True(result.Succeeded);
        return catalog.Unload("Kit.Beta") ?? throw new InvalidOperationException("not loaded");
    }
}
