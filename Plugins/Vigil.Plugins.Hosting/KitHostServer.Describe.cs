using System.Runtime.CompilerServices;

namespace Vigil.Plugins.Hosting;

/// <summary>describe (instance definition) and unload (with collection check).</summary>
public sealed partial class KitHostServer
{
    private async Task DescribeAsync(HostRequest request)
    {
        HostResponse response;
        try
        {
            Abstractions.ResourceType? type = null;
            lock (_catalogLock)
            {
                _catalog.TryFind(request.Type ?? "", out _, out type);
            }

            response = type is null
                ? new HostResponse { Id = request.Id, Error = $"no loaded kit provides resource type '{request.Type}'" }
                : new HostResponse { Id = request.Id, Definition = await type.DescribeAsync(request.Parameters ?? new Dictionary<string, string>(), CancellationToken.None).ConfigureAwait(false) };
        }
#pragma warning disable CA1031 // a throwing kit is contained
        catch (Exception ex)
#pragma warning restore CA1031
        {
            response = new HostResponse { Id = request.Id, Error = $"describe of type '{request.Type}' threw {ex.GetType().Name}: {ex.Message}" };
        }

        await ReplyAsync(response).ConfigureAwait(false);
    }

    /// <summary>Unloads a kit and waits (bounded) for its load context to be collected.</summary>
    private bool UnloadAndCollect(string kit)
    {
        var reference = Unload(kit);
        if (reference is null)
        {
            return false;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (reference.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference? Unload(string kit)
    {
        lock (_catalogLock)
        {
            return _catalog.Unload(kit);
        }
    }
}
