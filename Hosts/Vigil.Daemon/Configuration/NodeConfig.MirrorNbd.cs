using System.Net;

namespace Vigil.Daemon.Configuration;

/// <summary>
/// The mirrors' NBD export on this node (<c>[local] mirror-nbd-address</c>, <c>mirror-nbd-tls</c> = off|require,
/// <c>mirror-nbd-tls-cert</c>, <c>mirror-nbd-tls-key</c>, <c>mirror-nbd-tls-ca</c>), passed to vigil-repd as its
/// <c>--nbd-*</c> options. Checked here so a bad setting names its line; vigil-repd loads the files and checks them again.
/// </summary>
internal sealed partial record NodeConfig
{
    private static string[] MirrorNbdLocalKeys => ["mirror-nbd-address", "mirror-nbd-tls", "mirror-nbd-tls-cert", "mirror-nbd-tls-key", "mirror-nbd-tls-ca"];

    private static List<string> MirrorNbdArgs(SectionReader reader, ConfigSection local, string baseDir)
    {
        var args = new List<string>();
        var address = IPAddress.Loopback;
        if (reader.Optional(local, "mirror-nbd-address") is { } a)
        {
            address = IPAddress.TryParse(a.Text, out var parsed) ? parsed : throw reader.Error(local, "mirror-nbd-address", $"'{a.Text}' is not an IP address");
            args.AddRange(["--nbd-address", a.Text]);
        }

        var tls = reader.Optional(local, "mirror-nbd-tls")?.Text ?? "off";
        if (tls is not ("off" or "require"))
        {
            throw reader.Error(local, "mirror-nbd-tls", $"'{tls}' is not off or require");
        }

        var files = new[] { "cert", "key", "ca" }.Select(k => (Key: "mirror-nbd-tls-" + k, Value: reader.Optional(local, "mirror-nbd-tls-" + k))).ToList();
        if (tls == "off")
        {
            if (!IPAddress.IsLoopback(address))
            {
                throw reader.Error(local, "mirror-nbd-address", $"{address} is not a loopback address: an export reachable from the network needs mirror-nbd-tls = require");
            }

            if (files.FirstOrDefault(f => f.Value is not null) is { Value: not null } stray)
            {
                throw reader.Error(local, stray.Key, "set only with mirror-nbd-tls = require");
            }

            return args;
        }

        args.AddRange(["--nbd-tls", "require"]);
        foreach (var (key, value) in files)
        {
            if (value is null)
            {
                if (key != "mirror-nbd-tls-ca")
                {
                    throw reader.Error(local, key, "required with mirror-nbd-tls = require (a PEM file)");
                }

                continue;
            }

            args.AddRange(["--" + key["mirror-".Length..], System.IO.Path.GetFullPath(value.Text, baseDir)]);
        }

        return args;
    }
}
