using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ip;

/// <summary>Local recovery, in the seed's order: the same interface, then the backups, then failure (the hierarchy fails over).</summary>
public sealed partial class IpResourceType
{
    /// <inheritdoc/>
    public override async Task<ActionResult> RecoverAsync(ActionContext context)
    {
        if (!TryStart(context, out var settings, out var operations, out var invalid))
        {
            return invalid;
        }

        var (state, error) = await operations.ReadAsync().ConfigureAwait(false);
        if (state is null)
        {
            return ActionResult.Failure(error);
        }

        var held = state.Holders(settings.Address).Count > 0;
        var same = held ? state.Holders(settings.Address)[0].Interface : settings.Interface;
        var tried = new List<string>();

        // 1. Re-add on the same interface, if its link is up.
        if (state.Link(same) is { IsUp: true })
        {
            if (await TryOnAsync(operations, state, same, probe: !held) is not { } problem)
            {
                return ActionResult.Success($"recovered {settings.Cidr}: re-added on {same}");
            }

            tried.Add($"{same}: {problem}");
        }
        else
        {
            tried.Add(state.Describe(same));
        }

        // 2. Move to the first backup (in the configured order; the interface itself counts when the address had moved away) whose link is up.
        foreach (var candidate in settings.Interfaces.Where(name => name != same))
        {
            if (state.Link(candidate) is not { IsUp: true })
            {
                tried.Add(state.Describe(candidate));
                continue;
            }

            var (now, _) = await operations.ReadAsync().ConfigureAwait(false);
            if (await TryOnAsync(operations, now ?? state, candidate, probe: !held) is not { } problem)
            {
                return ActionResult.Success($"recovered {settings.Cidr}: moved from {same} to {candidate} ({tried[0]})");
            }

            tried.Add($"{candidate}: {problem}");
        }

        // 3. Only now give up, so the hierarchy fails over to another node.
        return ActionResult.Failure($"local recovery of {settings.Cidr} failed on every interface, fail over: {string.Join("; ", tried)}");
    }

    /// <summary>Deletes the address wherever it is, adds it on <paramref name="device"/> and checks it. Null when healthy there.</summary>
    private static async Task<string?> TryOnAsync(IpOperations operations, NetworkState state, string device, bool probe)
    {
        if (await operations.DeleteAsync(state).ConfigureAwait(false) is { } stuck)
        {
            return stuck;
        }

        if (await operations.AddAsync(device, probe).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        var (after, error) = await operations.ReadAsync().ConfigureAwait(false);
        return after is null ? error : (await operations.CheckAsync(after).ConfigureAwait(false))?.Reason;
    }
}
