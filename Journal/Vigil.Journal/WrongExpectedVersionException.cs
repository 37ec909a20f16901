namespace Vigil.Journal;

/// <summary>An append's expected stream version did not match; nothing of the batch was stored.</summary>
public sealed class WrongExpectedVersionException(string streamId, long expected, long actual)
    : Exception($"Stream '{streamId}' is at version {actual}, but the append expected {expected}; nothing was appended.")
{
    public string StreamId { get; } = streamId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
