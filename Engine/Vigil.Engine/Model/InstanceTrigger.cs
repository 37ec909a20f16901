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

    /// <summary>A check found a degraded (ISU) instance healthy again.</summary>
    Heal,

    /// <summary>A check failed and the failure count reached the resource's threshold: no recovery in place, straight to OSF.</summary>
    CheckFailed,
}
