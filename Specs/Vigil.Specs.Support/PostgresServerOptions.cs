namespace Vigil.Specs.Support;

/// <summary>How a throwaway PostgreSQL server is started.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>
    /// Keep fsync and synchronous commit on (benchmarks). Specs turn them off: they test behaviour, not durability
    /// of the server, and run several times faster.
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
