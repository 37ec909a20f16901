using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Kits.Shared;

namespace Vigil.Kits.Dns;

/// <summary>
/// One RFC 2136 update through <c>nsupdate</c>, signed with TSIG. The commands, the secret among them, go on its
/// standard input (never in its arguments, where <c>ps</c> would show them); over TCP, so there is no UDP retry to wait out.
/// </summary>
internal static partial class NsUpdate
{
    /// <summary>Replaces the name's RRset of the record's type with one record: this node's address.</summary>
    public static Task<DnsUpdateResult> ReplaceAsync(DnsSettings settings, string secret, IPAddress address, TimeSpan timeout, CancellationToken token) =>
        RunAsync(settings, secret, timeout, token,
            $"update delete {settings.Name} {settings.RecordType}",
            $"update add {settings.Name} {settings.Ttl.ToString(CultureInfo.InvariantCulture)} {settings.RecordType} {address}");

    /// <summary>Deletes the RRset only while it is exactly this node's address (prerequisite); NXRRSET when it is not.</summary>
    public static Task<DnsUpdateResult> DeleteIfOursAsync(DnsSettings settings, string secret, IPAddress address, TimeSpan timeout, CancellationToken token) =>
        RunAsync(settings, secret, timeout, token,
            $"prereq yxrrset {settings.Name} {settings.RecordType} {address}",
            $"update delete {settings.Name} {settings.RecordType}");

    private static async Task<DnsUpdateResult> RunAsync(DnsSettings settings, string secret, TimeSpan timeout, CancellationToken token, params string[] updates)
    {
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"server {settings.Server.Host} {settings.Server.Port}\n")
            .Append(CultureInfo.InvariantCulture, $"zone {settings.Zone}\n")
            .Append(CultureInfo.InvariantCulture, $"key {settings.Algorithm}:{settings.KeyName} {secret}\n");
        foreach (var update in updates)
        {
            script.Append(update).Append('\n');
        }

        script.Append("send");
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var invocation = new ScriptInvocation("nsupdate", ["-v", "-t", seconds], new Dictionary<string, string>()) { StandardInput = script.ToString() };
        var result = await ScriptRunner.RunAsync(invocation, token).ConfigureAwait(false);
        // Scrubbed before it is cut to a summary, so no part of the secret can survive at the cut.
        var output = (result with { Output = result.Output.Replace(secret, "***", StringComparison.Ordinal) }).Summary();
        if (result.Killed)
        {
            return new DnsUpdateResult(DnsUpdateOutcome.TimedOut, null, output);
        }

        if (result.ExitCode == 0)
        {
            return new DnsUpdateResult(DnsUpdateOutcome.Done, null, output);
        }

        var failed = UpdateFailed().Match(result.Output);
        return failed.Success
            ? new DnsUpdateResult(DnsUpdateOutcome.Refused, failed.Groups["rcode"].Value, output)
            : new DnsUpdateResult(DnsUpdateOutcome.Unreachable, null, output.Length == 0 ? $"nsupdate exited with code {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : output);
    }

    [GeneratedRegex(@"update failed: (?<rcode>[A-Z]+(\([A-Z]+\))?)")]
    private static partial Regex UpdateFailed();
}
