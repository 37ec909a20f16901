namespace Vigil.Engine.Model;

/// <summary>What moves a resource instance between states. Every trigger is fired by a journaled decision event.</summary>
public enum InstanceTrigger
{
    Create,
    Restore,
    RestoreSucceeded,
    RestoreFailed,
    Remove,
    RemoveSucceeded,
    RemoveFailed,
    Recover,
    RecoverSucceeded,
    RecoverFailed,
    Degrade,
    NodeLost,
    NodeReturned,
    Cleanup,
}
