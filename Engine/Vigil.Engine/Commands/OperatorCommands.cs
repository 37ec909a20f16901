using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Commands that move resources in and out of service (operator role).</summary>
public static class OperatorCommands
{
    /// <summary>Brings <paramref name="Tag"/> and everything it depends on into service on <paramref name="Node"/>, children first.</summary>
    [EventType("command.restore.v1")]
    public sealed record RestoreResource(string Tag, string Node) : IEngineInput;

    /// <summary>Takes <paramref name="Tag"/> and everything that depends on it out of service, parents first.</summary>
    [EventType("command.remove.v1")]
    public sealed record RemoveResource(string Tag) : IEngineInput;

    /// <summary>Moves the whole hierarchy of <paramref name="Tag"/> to <paramref name="Node"/>.</summary>
    [EventType("command.switchover.v1")]
    public sealed record Switchover(string Tag, string Node) : IEngineInput;
}
