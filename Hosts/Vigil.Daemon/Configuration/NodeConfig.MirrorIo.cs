namespace Vigil.Daemon.Configuration;

/// <summary>
/// <c>[local] mirror-io-realtime-priority</c> (0–99, default 1, 0 = off): the SCHED_RR priority of vigil-repd's
/// request threads, passed as its <c>--io-realtime-priority</c>. Keep it below <c>[cluster] heartbeat-realtime-priority</c>
/// (10), so that a busy mirror never delays a beat. <c>[local] mirror-link-timeout-ms</c> (2000–600000, default 6000):
/// how long this node's ends of the peer links may hear nothing before they give a link up (DRBD's <c>timeout</c>),
/// passed as <c>--link-timeout-ms</c>; until then a dead link looks alive here.
/// </summary>
internal sealed partial record NodeConfig
{
    private static string[] MirrorIoLocalKeys => ["mirror-io-realtime-priority", "mirror-link-timeout-ms"];

    private static List<string> MirrorIoArgs(SectionReader reader, ConfigSection local)
    {
        var args = new List<string>();
        if (reader.Optional(local, "mirror-io-realtime-priority") is not null)
        {
            args.AddRange(["--io-realtime-priority", reader.Integer(local, "mirror-io-realtime-priority", 0, 99).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (reader.Optional(local, "mirror-link-timeout-ms") is not null)
        {
            args.AddRange(["--link-timeout-ms", reader.Integer(local, "mirror-link-timeout-ms", 2000, 600_000).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return args;
    }
}
