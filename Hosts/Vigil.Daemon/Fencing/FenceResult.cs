namespace Vigil.Daemon.Fencing;

/// <summary>One run of a fence agent: whether it succeeded, how long it took, and what it said (secrets masked).</summary>
/// <param name="Detail">The exit code (or the timeout) and the agent's last line of output, at most 200 characters.</param>
internal sealed record FenceResult(string Target, string Action, string Agent, bool Succeeded, TimeSpan Duration, string Detail);
