using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Kits.Ip;

/// <summary>
/// ARP probes for the address before it is added (<c>arping -D</c>, RFC 5227 style: sender address 0.0.0.0,
/// so no neighbour learns anything from the probe). Any answer means another machine holds the address.
/// </summary>
internal static partial class DuplicateAddressDetection
{
    /// <summary>
    /// Null when nobody answered; otherwise the exit reason: the answering MACs, or why the probe could not run.
    /// </summary>
    public static async Task<string?> ProbeAsync(IpCommands commands, IpSettings settings, string device, CancellationToken token)
    {
        // -w: probe once a second until the deadline; in DAD mode arping stops at the first reply.
        var seconds = settings.DadTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        var result = await commands.RunAsync("arping", ["-D", "-w", seconds, "-I", device, settings.Address.ToString()], TimeSpan.FromSeconds(settings.DadTimeoutSeconds + 5), token).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return null;
        }

        var macs = ReplyPattern().Matches(result.Output).Select(m => m.Groups["mac"].Value.ToUpperInvariant()).Distinct().ToList();
        return macs.Count > 0
            ? $"address {settings.Address} is already in use on the network: {string.Join(", ", macs)} answered duplicate address detection on {device}; not adding it"
            : $"duplicate address detection for {settings.Address} on {device} failed, so the address was not added: {result.Describe()}";
    }

    // "Unicast reply from 10.0.0.50 [7E:13:D0:0B:D8:B6]  0.525ms"
    [GeneratedRegex(@"reply from \S+ \[(?<mac>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReplyPattern();
}
