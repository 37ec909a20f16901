namespace Vigil.Kits.Ocf;

/// <summary>The OCF exit codes 0–9 (OCF resource agent API, Pacemaker Explained).</summary>
internal enum OcfExitCode
{
    /// <summary>OCF_SUCCESS.</summary>
    Success = 0,

    /// <summary>OCF_ERR_GENERIC.</summary>
    ErrGeneric = 1,

    /// <summary>OCF_ERR_ARGS: invalid parameters (configuration error).</summary>
    ErrArgs = 2,

    /// <summary>OCF_ERR_UNIMPLEMENTED.</summary>
    ErrUnimplemented = 3,

    /// <summary>OCF_ERR_PERM.</summary>
    ErrPerm = 4,

    /// <summary>OCF_ERR_INSTALLED: software missing on this node (configuration error).</summary>
    ErrInstalled = 5,

    /// <summary>OCF_ERR_CONFIGURED: the configuration is wrong (configuration error).</summary>
    ErrConfigured = 6,

    /// <summary>OCF_NOT_RUNNING: cleanly stopped.</summary>
    NotRunning = 7,

    /// <summary>OCF_RUNNING_PROMOTED (formerly RUNNING_MASTER).</summary>
    RunningPromoted = 8,

    /// <summary>OCF_FAILED_PROMOTED (formerly FAILED_MASTER).</summary>
    FailedPromoted = 9,
}
