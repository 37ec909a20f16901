using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Vigil.Kits.Ip;

/// <summary>
/// Gratuitous ARP after an address is added, so switches and neighbours learn its new MAC at once. The first
/// packet leaves within milliseconds; the rest follow once a second in the background, so a restore does not
/// wait <c>arpCount</c> seconds. One announcer per address in this process: removing the address kills it
/// first, or a node that gave the address up would keep claiming it after the new owner announced.
/// </summary>
internal static partial class Announcements
{
    private static readonly ConcurrentDictionary<IPAddress, Announcer> Running = new();

    public static async Task StartAsync(IpCommands commands, IpSettings settings, string device, ILogger logger)
    {
        await StopAsync(settings.Address).ConfigureAwait(false);
        if (settings.ArpCount == 0)
        {
            return;
        }

        var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(settings.ArpCount + 10));
        var count = settings.ArpCount.ToString(CultureInfo.InvariantCulture);
        var run = commands.RunAsync("arping", [settings.ArpReplies ? "-A" : "-U", "-c", count, "-I", device, settings.Address.ToString()], TimeSpan.FromSeconds(settings.ArpCount + 5), cancel.Token);
        var announcer = new Announcer(cancel, run);
        Running[settings.Address] = announcer;
        _ = FinishAsync(settings.Address, announcer, logger);
    }

    /// <summary>Kills the address's announcer, if any, and waits (bounded) for it to be gone.</summary>
    public static async Task StopAsync(IPAddress address)
    {
        if (!Running.TryRemove(address, out var announcer))
        {
            return;
        }

        try
        {
            await announcer.Cancel.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // it finished meanwhile
        }

        await Task.WhenAny(announcer.Run, Task.Delay(TimeSpan.FromSeconds(6), CancellationToken.None)).ConfigureAwait(false);
    }

    private static async Task FinishAsync(IPAddress address, Announcer announcer, ILogger logger)
    {
        try
        {
            var result = await announcer.Run.ConfigureAwait(false);
            if (!result.Succeeded && !announcer.Cancel.IsCancellationRequested)
            {
                LogAnnounceFailed(logger, address.ToString(), result.Describe());
            }
        }
        finally
        {
            Running.TryRemove(new KeyValuePair<IPAddress, Announcer>(address, announcer));
            announcer.Cancel.Dispose();
        }
    }
    private sealed record Announcer(CancellationTokenSource Cancel, Task<CommandResult> Run);
}
