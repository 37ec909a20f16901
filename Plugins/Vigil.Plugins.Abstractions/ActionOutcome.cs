namespace Vigil.Plugins.Abstractions;

/// <summary>How an action ended.</summary>
public enum ActionOutcome
{
    /// <summary>The action did what it was asked.</summary>
    Succeeded,

    /// <summary>The action ran and failed (see the exit reason).</summary>
    Failed,

    /// <summary>The action did not finish within its timeout.</summary>
    TimedOut,

    /// <summary>The action was cancelled by its caller.</summary>
    Cancelled,

    /// <summary>The kit could not be run: it failed to load, threw, or its host process died.</summary>
    KitFailed,
}
