namespace Vigil.Daemon.Fencing;

/// <summary>
/// The fencing configuration: which agent powers off which node, how long it may take, and the secret file whose
/// content the agent receives in its environment (never on its command line, never logged).
/// </summary>
/// <param name="Agents">The agent (an executable's full path) per node; a node without one is never fenced.</param>
/// <param name="Timeout">How long one agent run may take before it is killed and counted as failed.</param>
/// <param name="SecretFile">Passed to the agent as <c>VIGIL_FENCE_SECRET</c> (its content) and <c>VIGIL_FENCE_SECRET_FILE</c>.</param>
internal sealed record FenceSettings(IReadOnlyDictionary<string, string> Agents, TimeSpan Timeout, string? SecretFile)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static readonly FenceSettings None = new(new Dictionary<string, string>(StringComparer.Ordinal), DefaultTimeout, null);

    public bool Enabled => Agents.Count > 0;

    public string? AgentFor(string node) => Agents.GetValueOrDefault(node);
}
