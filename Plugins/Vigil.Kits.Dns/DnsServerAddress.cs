using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Vigil.Kits.Dns;

/// <summary>The server of the <c>server</c> parameter: <c>host</c>, <c>host:port</c>, <c>IPv6</c> or <c>[IPv6]:port</c>.</summary>
internal sealed partial record DnsServerAddress(string Host, int Port)
{
    public const int DefaultPort = 53;

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static bool TryParse(string text, out DnsServerAddress? server)
    {
        server = null;
        string host;
        var port = DefaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(text[1..close], out _))
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port)))
            {
                return false;
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: no port can be told apart from it.
            if (!IPAddress.TryParse(text, out _))
            {
                return false;
            }

            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !TryPort(text[(colon + 1)..], out port))
            {
                return false;
            }

            if (!HostName().IsMatch(host))
            {
                return false;
            }
        }

        server = new DnsServerAddress(host, port);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\.?$")]
    private static partial Regex HostName();
}
