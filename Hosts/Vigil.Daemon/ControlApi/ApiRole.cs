namespace Vigil.Daemon.ControlApi;

/// <summary>What a control API user may do; each role includes the ones below it.</summary>
internal enum ApiRole
{
    /// <summary>Reads: status, history.</summary>
    Guest = 1,

    /// <summary>Moves resources: restore, remove, switchover, cleanup, maintenance.</summary>
    Operator = 2,

    /// <summary>Changes the configuration: create, extend, unextend, delete, dependencies, switchback.</summary>
    Admin = 3,
}
