namespace Vigil.Engine.Simulation;

/// <summary>Shape of a simulated cluster. Defaults mirror the product's default heartbeat profile.</summary>
public sealed record SimulationOptions
{
    public int Seed { get; init; } = 1;

    public IReadOnlyList<string> Nodes { get; init; } = ["node1", "node2", "node3"];

    public IReadOnlyList<string> Paths { get; init; } = ["tcp", "udp"];

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A path is DEAD after this many intervals without a beat.</summary>
    public int MissCount { get; init; } = 3;

    /// <summary>Probability that one heartbeat is lost on a healthy path.</summary>
    public double LossRate { get; init; } = 0.02;

    public TimeSpan MinLatency { get; init; } = TimeSpan.FromMicroseconds(100);

    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a simulated kit action takes, at most (uniform from a tenth of it).</summary>
    public TimeSpan MaxActionTime { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>How often each node runs quickCheck (and deepCheck) on what it has in service.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Resource types every simulated node's kits provide.</summary>
    public IReadOnlyList<string> ResourceTypes { get; init; } = ["app", "ip", "fs"];

    /// <summary>Virtual time at the start (default: 2026-01-01 plus the seed in seconds); a what-if starts at the live cluster's moment.</summary>
    public DateTimeOffset? Start { get; init; }
}
