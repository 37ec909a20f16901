using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Commands that take resources or nodes out of the engine's hands, and reset what it counted (operator role).</summary>
public static class MaintenanceCommands
{
    /// <summary>While on, the engine neither checks, recovers nor fails over the hierarchy of <paramref name="Tag"/> (unmanaged).</summary>
    [EventType("command.resource-maintenance.v1")]
    public sealed record SetResourceMaintenance(string Tag, bool On) : IEngineInput;

    /// <summary>While on, nothing on <paramref name="Node"/> is checked, recovered or failed over, and nothing is moved to it.</summary>
    [EventType("command.node-maintenance.v1")]
    public sealed record SetNodeMaintenance(string Node, bool On) : IEngineInput;

    /// <summary>Forgets the failure counts of every instance of <paramref name="Tag"/> and clears OSF back to OSU where nothing runs.</summary>
    [EventType("command.resource-cleanup.v1")]
    public sealed record CleanupResource(string Tag) : IEngineInput;
}
