namespace Vigil.Engine.Events;

/// <summary>What a hierarchy operation is for.</summary>
public enum OperationKind
{
    Restore,
    Remove,
    Failover,
    Switchover,
    Switchback,
}
