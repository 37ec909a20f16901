using Microsoft.Extensions.Logging;

namespace Vigil.Kits.Ip;

/// <summary>The steps the actions are made of: add (with detection and announcement), delete, and ping.</summary>
internal sealed class IpOperations(IpCommands commands, IpSettings settings, ILogger logger, CancellationToken token)
{
    private static readonly TimeSpan IpLimit = TimeSpan.FromSeconds(10);

    public Task<(NetworkState? State, string Error)> ReadAsync() => NetworkState.ReadAsync(commands, token);

    /// <summary>
    /// Adds the address on <paramref name="device"/>, probing for a duplicate first unless this node held the
    /// address when the action began, then announces it. Null on success, else the exit reason.
    /// </summary>
    public async Task<string?> AddAsync(string device, bool probe)
    {
        if (probe && settings.DadTimeoutSeconds > 0 && await DuplicateAddressDetection.ProbeAsync(commands, settings, device, token).ConfigureAwait(false) is { } duplicate)
        {
            return duplicate;
        }

        var add = await commands.RunAsync("ip", ["addr", "add", settings.Cidr, "brd", "+", "dev", device], IpLimit, token).ConfigureAwait(false);

        // "File exists": a concurrent add got there first, which is the state we want.
        if (!add.Succeeded && !add.Output.Contains("File exists", StringComparison.Ordinal))
        {
            return $"could not add {settings.Cidr} on {device}: {add.Describe()}";
        }

        await Announcements.StartAsync(commands, settings, device, logger).ConfigureAwait(false);
        return null;
    }

    /// <summary>Deletes the address wherever this node holds it. Null on success, else the exit reason.</summary>
    public async Task<string?> DeleteAsync(NetworkState state)
    {
        await Announcements.StopAsync(settings.Address).ConfigureAwait(false);
        var problems = new List<string>();
        foreach (var (device, cidr) in state.Holders(settings.Address))
        {
            var delete = await commands.RunAsync("ip", ["addr", "del", cidr, "dev", device], IpLimit, token).ConfigureAwait(false);

            // "Cannot assign requested address": already gone, which is the state we want.
            if (!delete.Succeeded && !delete.Output.Contains("Cannot assign requested address", StringComparison.Ordinal))
            {
                problems.Add($"could not delete {cidr} from {device}: {delete.Describe()}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Null when a ping target answers from the address (or there are none); else why not.</summary>
    public async Task<string?> PingAsync()
    {
        if (settings.PingTargets.Count == 0)
        {
            return null;
        }

        var pings = settings.PingTargets
            .Select(target => commands.RunAsync("ping", ["-n", "-q", "-c", "1", "-W", "2", "-I", settings.Address.ToString(), target.ToString()], TimeSpan.FromSeconds(5), token))
            .ToList();
        var results = await Task.WhenAll(pings).ConfigureAwait(false);
        return results.Any(r => r.Succeeded)
            ? null
            : $"none of the ping targets answered from {settings.Address}: " + string.Join("; ", results.Select(r => r.Describe()));
    }

    /// <summary>The quickCheck verdict on a state already read: null when healthy, else (not running?, reason).</summary>
    public async Task<(bool NotRunning, string Reason)?> CheckAsync(NetworkState state)
    {
        var holders = state.Holders(settings.Address);
        if (holders.Count == 0)
        {
            return (true, $"{settings.Address} is not configured on any interface of this node");
        }

        var device = holders[0].Interface;
        if (state.Link(device) is not { IsUp: true })
        {
            return (false, $"{settings.Address} is on {device} but its link is not usable ({state.Describe(device)})");
        }

        return await PingAsync().ConfigureAwait(false) is { } ping ? (false, $"{settings.Address} is on {device} (link up) but {ping}") : null;
    }
}
