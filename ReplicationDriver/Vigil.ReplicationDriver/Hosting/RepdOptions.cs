namespace Vigil.ReplicationDriver.Hosting;

/// <summary>Command-line options of <c>vigil-repd run</c>.</summary>
internal sealed record RepdOptions(string Node, string DataDir, string ControlSocket, string Listen, string SecretFile, TimeSpan ActivityLogCooling)
{
    /// <summary>The NBD export's TCP address and TLS (<c>--nbd-*</c>, see <see cref="NbdExportArgs"/>).</summary>
    public Nbd.NbdExportOptions Nbd { get; init; } = Vigil.ReplicationDriver.Nbd.NbdExportOptions.Loopback;

    /// <summary>The SCHED_RR priority of the request threads (<c>--io-realtime-priority</c>, 0–99, 0 = off), see <see cref="Storage.IoScheduling"/>.</summary>
    public int IoRealtimePriority { get; init; } = Storage.IoScheduling.DefaultPriority;

    /// <summary>How long a peer link may stay silent before this end gives it up (<c>--link-timeout-ms</c>, DRBD's <c>timeout</c>), see <see cref="Peers.PeerConnection"/>.</summary>
    public TimeSpan LinkTimeout { get; init; } = Peers.PeerConnection.DefaultTimeout;

    public static RepdOptions Parse(IReadOnlyList<string> args)
    {
        string? Get(string name)
        {
            for (var i = 0; i < args.Count - 1; i++)
            {
                if (args[i] == name)
                {
                    return args[i + 1];
                }
            }

            return null;
        }

        string Need(string name) => Get(name) ?? throw new ArgumentException($"missing {name}");
        var data = Need("--data");
        return new RepdOptions(
            Need("--node"),
            data,
            Get("--control") ?? Path.Combine(data, "control.sock"),
            Need("--listen"),
            Need("--secret-file"),
            Get("--al-cool-ms") is { } ms
                ? TimeSpan.FromMilliseconds(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture))
                : Mirrors.RepdContext.DefaultCooling)
        {
            Nbd = NbdExportArgs.Parse(args),
            IoRealtimePriority = Get("--io-realtime-priority") is { } p ? ParsePriority(p) : Storage.IoScheduling.DefaultPriority,
            LinkTimeout = Get("--link-timeout-ms") is { } t ? ParseLinkTimeout(t) : Peers.PeerConnection.DefaultTimeout,
        };
    }

    private static int ParsePriority(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 99
            ? value
            : throw new ArgumentException($"--io-realtime-priority '{text}': expected 0 (off) to 99");

    private static TimeSpan ParseLinkTimeout(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms is >= 2000 and <= 600_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw new ArgumentException($"--link-timeout-ms '{text}': expected 2000 to 600000 (milliseconds; pings go every second)");
}
