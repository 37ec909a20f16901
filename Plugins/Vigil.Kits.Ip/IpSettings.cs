using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Vigil.Kits.Ip;

/// <summary>
/// One instance's parameters, parsed and checked. Every value that reaches a command line passed through
/// here: addresses are parsed and printed back canonically, interface names match a strict pattern.
/// </summary>
internal sealed record IpSettings(
    IPAddress Address,
    int Prefix,
    string Interface,
    IReadOnlyList<string> BackupInterfaces,
    IReadOnlyList<IPAddress> PingTargets,
    int ArpCount,
    bool ArpReplies,
    int DadTimeoutSeconds)
{
    private static readonly Regex InterfaceName = new($"^(?:{IpDefinition.InterfacePattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The address as ip(8) takes it: <c>10.0.0.50/24</c>.</summary>
    public string Cidr => $"{Address}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The interface first, then the backups in order: where the address may live.</summary>
    public IReadOnlyList<string> Interfaces => [Interface, .. BackupInterfaces];

    /// <summary>Parses parameters (defaults applied); the errors name the parameter and its value.</summary>
    public static IpSettings? Parse(IReadOnlyDictionary<string, string> parameters, List<string> errors)
    {
        string Get(string name) => parameters.GetValueOrDefault(name) ?? "";
        var (address, prefix) = ParseAddress(Get(IpDefinition.Address), errors);
        var primary = Get(IpDefinition.Interface);
        if (!InterfaceName.IsMatch(primary))
        {
            errors.Add($"parameter '{IpDefinition.Interface}': '{primary}' is not an interface name (1-15 letters, digits, '_', '.', '-'; not starting with '-' or '.')");
        }

        var backups = SplitList(Get(IpDefinition.BackupInterfaces));
        foreach (var backup in backups.Where(b => !InterfaceName.IsMatch(b)))
        {
            errors.Add($"parameter '{IpDefinition.BackupInterfaces}': '{backup}' is not an interface name (1-15 letters, digits, '_', '.', '-'; not starting with '-' or '.')");
        }

        foreach (var repeated in backups.Prepend(primary).GroupBy(b => b, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"parameter '{IpDefinition.BackupInterfaces}': interface '{repeated.Key}' is listed more than once (counting '{IpDefinition.Interface}')");
        }

        var targets = new List<IPAddress>();
        foreach (var text in SplitList(Get(IpDefinition.PingTargets)))
        {
            if (IPAddress.TryParse(text, out var target) && target.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3)
            {
                targets.Add(target);
            }
            else
            {
                errors.Add($"parameter '{IpDefinition.PingTargets}': '{text}' is not an IPv4 address");
            }
        }

        var arpCount = Int(parameters, IpDefinition.ArpCount, 3, 0, 100, errors);
        var dadTimeout = Int(parameters, IpDefinition.DadTimeout, 1, 0, 60, errors);
        var mode = parameters.GetValueOrDefault(IpDefinition.ArpMode) ?? "request";
        if (mode is not ("request" or "reply"))
        {
            errors.Add($"parameter '{IpDefinition.ArpMode}': '{mode}' is not one of request, reply");
        }

        return errors.Count > 0 || address is null
            ? null
            : new IpSettings(address, prefix, primary, backups, targets, arpCount, mode == "reply", dadTimeout);
    }

    private static (IPAddress? Address, int Prefix) ParseAddress(string text, List<string> errors)
    {
        const string Name = IpDefinition.Address;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(host, out var address))
        {
            errors.Add(text.Length == 0 ? $"parameter '{Name}' is required (e.g. 10.0.0.50/24)" : $"parameter '{Name}': '{text}' is not an IPv4 address with a prefix length (e.g. 10.0.0.50/24)");
            return (null, 0);
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"parameter '{Name}': '{text}' is an IPv6 address; the ip kit supports IPv4 only");
            return (null, 0);
        }

        // IPAddress.TryParse accepts "10.1" and "167772161"; an operator who wrote that meant something else.
        if (host.Count(c => c == '.') != 3)
        {
            errors.Add($"parameter '{Name}': '{text}' is not a dotted-quad IPv4 address (e.g. 10.0.0.50/24)");
            return (null, 0);
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.Broadcast) || address.GetAddressBytes()[0] is >= 224)
        {
            errors.Add($"parameter '{Name}': '{text}' is a loopback, unspecified, multicast or reserved address, not one a client can reach");
            return (null, 0);
        }

        if (slash < 0)
        {
            errors.Add($"parameter '{Name}': '{text}' has no prefix length (write it as {host}/24 or whatever the network's is)");
            return (null, 0);
        }

        var prefixText = text[(slash + 1)..];
        if (!int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 1 or > 32)
        {
            errors.Add($"parameter '{Name}': prefix length '{prefixText}' in '{text}' is not a number from 1 to 32");
            return (null, 0);
        }

        return (address, prefix);
    }

    private static List<string> SplitList(string text) =>
        [.. text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static int Int(IReadOnlyDictionary<string, string> parameters, string name, int fallback, int minimum, int maximum, List<string> errors)
    {
        var text = parameters.GetValueOrDefault(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        errors.Add($"parameter '{name}': '{text}' is not a whole number from {minimum} to {maximum}");
        return fallback;
    }
}
