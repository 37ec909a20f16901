namespace Vigil.Engine.Audit;

/// <summary>
/// How long a resource was in service on some node over the measured period (from the report's start, or from the
/// first time the resource was in service if later, to its end), its outages (no instance ISP) and their mean duration.
/// </summary>
/// <param name="Mttr">Mean time to restore over the outages that ended; null when none did.</param>
public sealed record ResourceAvailability(string Tag, TimeSpan Measured, TimeSpan Down, int Outages, TimeSpan? Mttr)
{
    /// <summary>In service time over measured time (1 when nothing was measured).</summary>
    public double Availability => Measured <= TimeSpan.Zero ? 1 : 1 - (Down / Measured);
}
