using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Specs.Kits.Support;

internal static class Contexts
{
    public static async Task<ActionResult> RunAsync(ResourceType type, KitAction action, string tag, IReadOnlyDictionary<string, string> parameters, TimeSpan? timeout = null)
    {
        var limit = timeout ?? type.Definition.Timeouts.For(action);
        using var deadline = new CancellationTokenSource(limit);
        return await type.RunAsync(new ActionContext
        {
            Tag = tag,
            Id = tag + "-id",
            Node = "node1",
            Action = action,
            Parameters = type.Definition.ApplyDefaults(parameters),
            Logger = NullLogger.Instance,
            Timeout = limit,
            CancellationToken = deadline.Token,
        });
    }
}
