namespace Vigil.Daemon.ControlApi;

/// <summary>One engine command the API accepts: <c>POST /v1/commands/{Route}</c> with the command's JSON as body.</summary>
/// <param name="EventType">The command's versioned journal name (also its Raft entry type).</param>
/// <param name="Role">The lowest role allowed to send it.</param>
internal sealed record ApiCommand(string Route, string EventType, ApiRole Role);
