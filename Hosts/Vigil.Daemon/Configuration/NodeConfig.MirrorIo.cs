namespace Vigil.Daemon.Configuration;

/// <summary>
/// <c>[local] mirror-io-realtime-priority</c> (0–99, default 1, 0 = off): the SCHED_RR priority of vigil-repd's
/// request threads, passed as its <c>--io-realtime-priority</c>. Keep it below <c>[cluster] heartbeat-realtime-priority</c>
/// (10), so that a busy mirror never delays a beat.
/// </summary>
internal sealed partial record NodeConfig
{
    private static string[] MirrorIoLocalKeys => ["mirror-io-realtime-priority"];

    private static List<string> MirrorIoArgs(SectionReader reader, ConfigSection local) =>
        reader.Optional(local, "mirror-io-realtime-priority") is null
            ? []
            : ["--io-realtime-priority", reader.Integer(local, "mirror-io-realtime-priority", 0, 99).ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
