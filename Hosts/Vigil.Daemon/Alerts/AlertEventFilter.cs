using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// Which journal events an alert wants. Each item of <c>events =</c> is an alias (<c>failover</c>, <c>node.dead</c>,
/// <c>node.rejoined</c>, <c>path.dead</c>, <c>path.alive</c>, <c>resource.STATE</c> for an instance entering that
/// state, e.g. <c>resource.osf</c>), <c>*</c>, or a prefix of journal event type names (<c>operation.</c>,
/// <c>operation.failed.v1</c>).
/// </summary>
internal sealed class AlertEventFilter
{
    private static readonly string[] Aliases = ["failover", "node.dead", "node.rejoined", "path.dead", "path.alive"];
    private readonly string[] _items;

    private AlertEventFilter(string[] items) => _items = items;

    public IReadOnlyList<string> Items => _items;

    /// <summary>Parses the list, or returns the problem naming the first item that matches no event type.</summary>
    public static (AlertEventFilter? Filter, string? Problem) Parse(string text, IEnumerable<string> knownTypes)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            return (null, "list at least one event (e.g. failover, node.dead, resource.osf, path.dead, or a journal event type prefix)");
        }

        var types = knownTypes.ToList();
        foreach (var item in items)
        {
            var ok = item == "*" || Aliases.Contains(item) || ResourceState(item) is not null
                || types.Any(t => t.StartsWith(item, StringComparison.Ordinal));
            if (!ok)
            {
                return (null, $"'{item}' matches no event: use failover, node.dead, node.rejoined, path.dead, path.alive, resource.STATE (osu, osf, isp, isu, …), * or a prefix of a journal event type (e.g. operation.failed)");
            }
        }

        return (new AlertEventFilter(items), null);
    }

    /// <summary>The first item the event matches, or null.</summary>
    public string? Match(EventEnvelope e) => _items.FirstOrDefault(item => Matches(item, e));

    private static bool Matches(string item, EventEnvelope e) => item switch
    {
        "*" => true,
        "failover" => e.Data is OperationEvents.OperationStarted { Kind: OperationKind.Failover },
        "node.dead" => e.Data is NodeEvents.NodeDeclaredDead,
        "node.rejoined" => e.Data is NodeEvents.NodeRejoined,
        "path.dead" => e.Data is MembershipInputs.ReportPathState { Alive: false },
        "path.alive" => e.Data is MembershipInputs.ReportPathState { Alive: true },
        _ when ResourceState(item) is { } state => e.Data is InstanceEvents.InstanceTransitioned t && t.To == state,
        _ => e.EventType.StartsWith(item, StringComparison.Ordinal),
    };

    private static InstanceState? ResourceState(string item) =>
        item.StartsWith("resource.", StringComparison.Ordinal) && Enum.TryParse<InstanceState>(item["resource.".Length..], ignoreCase: true, out var s)
            && !int.TryParse(item["resource.".Length..], out _)
            ? s
            : null;
}
