using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Vigil.Kits.Shared;

namespace Vigil.Kits.Dns;

/// <summary>Asks the server itself (not a resolver, no recursion, over TCP) what the record holds, with <c>dig</c>.</summary>
internal static partial class DigQuery
{
    public static async Task<DnsAnswer> AskAsync(DnsSettings settings, TimeSpan timeout, CancellationToken token)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var invocation = new ScriptInvocation("dig",
        [
            "+tcp", "+norecurse", "+noall", "+comments", "+answer", "+time=" + seconds, "+tries=1",
            "-p", settings.Server.Port.ToString(CultureInfo.InvariantCulture), "@" + settings.Server.Host, settings.Name, settings.RecordType,
        ], new Dictionary<string, string>()) { TailCharacters = 16384 };
        var result = await ScriptRunner.RunAsync(invocation, token).ConfigureAwait(false);
        var status = Status().Match(result.Output);
        if (result.Killed || result.ExitCode != 0 || !status.Success)
        {
            var why = result.Killed ? "timed out" : result.Summary();
            return new DnsAnswer(null, [], why.Length == 0 ? $"dig exited with code {result.ExitCode}" : why);
        }

        var addresses = new List<IPAddress>();
        foreach (var line in result.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!line.StartsWith(';') && fields.Length >= 5 && fields[3] == settings.RecordType && IPAddress.TryParse(fields[4], out var address))
            {
                addresses.Add(address);
            }
        }

        return new DnsAnswer(status.Groups["status"].Value, addresses, "");
    }

    [GeneratedRegex(@"status: (?<status>[A-Z]+)")]
    private static partial Regex Status();
}
