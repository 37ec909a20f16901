namespace Vigil.Engine.Runtime;

/// <summary>
/// A clock that can be held at one instant while an input is decided and journaled, so the envelope's timestamp is
/// exactly the time the engine decided with (replay feeds that timestamp back).
/// </summary>
internal sealed class HeldTimeProvider(TimeProvider inner) : TimeProvider
{
    private DateTimeOffset? _held;

    public override DateTimeOffset GetUtcNow() => _held ?? inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <summary>Holds the clock at now (or <paramref name="at"/>), truncated to the microsecond the journal keeps; returns it.</summary>
    public DateTimeOffset Hold(DateTimeOffset? at)
    {
        var t = at ?? inner.GetUtcNow();
        var held = new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
        _held = held;
        return held;
    }

    public void Release() => _held = null;
}
