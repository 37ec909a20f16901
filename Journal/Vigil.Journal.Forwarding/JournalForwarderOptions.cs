namespace Vigil.Journal.Forwarding;

/// <summary>Settings of a <see cref="JournalForwarder"/>.</summary>
public sealed record JournalForwarderOptions
{
    /// <summary>The checkpoint file (by convention <c>forward.checkpoint</c> next to the embedded journal's segments).</summary>
    public required string CheckpointPath { get; init; }

    /// <summary>Events per append to the target.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>First wait after a failed append; doubles per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts while the target is unreachable.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for the backoff waits.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
