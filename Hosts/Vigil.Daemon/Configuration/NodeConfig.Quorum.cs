using Vigil.Daemon.Quorum;
using Vigil.Membership;

namespace Vigil.Daemon.Configuration;

/// <summary>The quorum settings: <c>[cluster] quorum</c>, <c>quorum-loss</c> and <c>lease-ms</c>.</summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] QuorumClusterKeys = ["quorum", "quorum-loss", "lease-ms"];

    /// <summary>Unset only for configs built in code; <see cref="From"/> always sets it.</summary>
    private QuorumSettings? _quorum;

    public QuorumSettings Quorum
    {
        get => _quorum ?? QuorumSettings.Default(Heartbeat);
        init => _quorum = value;
    }

    private static QuorumSettings ReadQuorum(SectionReader reader, ConfigSection cluster, HeartbeatProfile heartbeat)
    {
        var mode = reader.Optional(cluster, "quorum")?.Text switch
        {
            null or "majority" => QuorumMode.Majority,
            "none" => QuorumMode.None,
            "witness" => throw reader.Error(cluster, "quorum",
                "'witness' is not a mode: a witness is a node ('role = witness' in its [node NAME] section) and the mode stays 'majority'"),
            var other => throw reader.Error(cluster, "quorum", $"'{other}' is not a quorum mode (majority or none)"),
        };
        var action = reader.Optional(cluster, "quorum-loss")?.Text switch
        {
            null or "osu" => QuorumLossAction.Osu,
            "freeze" => QuorumLossAction.Freeze,
            "fastkill" => QuorumLossAction.Fastkill,
            var other => throw reader.Error(cluster, "quorum-loss", $"'{other}' is not a quorum-loss action (osu, freeze or fastkill)"),
        };
        var lease = QuorumSettings.DefaultLease(heartbeat);
        if (reader.Optional(cluster, "lease-ms") is not null)
        {
            lease = TimeSpan.FromMilliseconds(reader.Integer(cluster, "lease-ms", 1, 600_000));
        }

        var settings = new QuorumSettings(mode, action, lease, heartbeat);
        if (mode == QuorumMode.Majority && settings.ActionBudget < heartbeat.Interval)
        {
            // A node learns it lost quorum one deadline after the last beat: a shorter lease would run out before
            // it even knows, and one barely longer leaves it no time to stop anything.
            var least = heartbeat.Deadline + settings.Tick + settings.Tick + heartbeat.Interval;
            throw reader.Error(cluster, "lease-ms",
                $"{lease.TotalMilliseconds} ms is too short: it must exceed the heartbeat deadline ({heartbeat.Deadline.TotalMilliseconds} ms) by at least two detector ticks and one interval, so at least {least.TotalMilliseconds} ms");
        }

        return settings;
    }
}
