using System.Net;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Dns;

public sealed partial class DnsResourceType
{
    private static readonly string[] Tools = ["nsupdate", "dig"];

    /// <summary>The parameters parsed, or a configuration failure naming each bad field and value.</summary>
    private (DnsSettings? Settings, ActionResult? Failure) Parse(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = DnsSettings.Parse(Definition, context.Parameters);
        return settings is null ? (null, ActionResult.ConfigurationFailure(string.Join("; ", errors))) : (settings, null);
    }

    /// <summary>Parsed, this node's address found, the tools present and (when asked) the secret read; or a configuration failure.</summary>
    private (Ready? Ready, ActionResult? Failure) Prepare(ActionContext context, bool needSecret)
    {
        var (settings, failure) = Parse(context);
        return settings is null ? (null, failure) : Prepare(settings, context, needSecret);
    }

    private static (Ready? Ready, ActionResult? Failure) Prepare(DnsSettings settings, ActionContext context, bool needSecret)
    {
        var (address, problem) = NodeAddress.For(settings, context.Node);
        if (address is null)
        {
            return (null, ActionResult.ConfigurationFailure(problem!));
        }

        if (Tools.FirstOrDefault(tool => !OnPath(tool)) is { } missing)
        {
            return (null, ActionResult.ConfigurationFailure($"{missing} is not installed on node '{context.Node}' (Debian package bind9-dnsutils)"));
        }

        string? secret = null;
        if (needSecret)
        {
            (secret, problem) = TsigSecret.Read(settings);
            if (secret is null)
            {
                return (null, ActionResult.ConfigurationFailure(problem!));
            }
        }

        return (new Ready(settings, address, secret), null);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, tool)));

    private sealed record Ready(DnsSettings Settings, IPAddress Address, string? Secret);
}
