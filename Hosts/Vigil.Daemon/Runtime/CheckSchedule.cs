namespace Vigil.Daemon.Runtime;

/// <summary>When an instance's next quickCheck and deepCheck are due, and whether one is running.</summary>
internal sealed class CheckSchedule(DateTimeOffset first)
{
    public DateTimeOffset NextQuick { get; set; } = first;

    public DateTimeOffset NextDeep { get; set; } = first;

    /// <summary>One check at a time per instance: a slow deepCheck delays the next quickCheck rather than racing it.</summary>
    public int Running;
}
