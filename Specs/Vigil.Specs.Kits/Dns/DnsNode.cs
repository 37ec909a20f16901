using Microsoft.Extensions.Logging;
using Vigil.Kits.Dns;

namespace Vigil.Specs.Kits.Dns;

/// <summary>
/// One cluster node as the dns kit sees it: its name (the key into <c>addresses</c>) and its own state directory
/// (where it notes "in service here"). Two of these against one BIND are a failover between two subnets.
/// Everything the kit logs is kept, so specs can check the secret never reaches a log.
/// </summary>
internal sealed class DnsNode(string name, string stateDir)
{
    public string Name { get; } = name;

    public string StateDir { get; } = stateDir;

    public List<string> Log { get; } = [];

    public async Task<ActionResult> RunAsync(KitAction action, string tag, IReadOnlyDictionary<string, string> parameters, TimeSpan? timeout = null)
    {
        var type = new DnsResourceType();
        var limit = timeout ?? type.Definition.Timeouts.For(action);
        using var deadline = new CancellationTokenSource(limit);
        var withState = new Dictionary<string, string>(parameters) { ["stateDir"] = StateDir };
        return await type.RunAsync(new ActionContext
        {
            Tag = tag,
            Id = tag,
            Node = Name,
            Action = action,
            Parameters = type.Definition.ApplyDefaults(withState),
            Logger = new ListLogger(Log),
            Timeout = limit,
            CancellationToken = deadline.Token,
        });
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
