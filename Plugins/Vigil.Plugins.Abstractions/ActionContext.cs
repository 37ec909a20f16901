using Microsoft.Extensions.Logging;

namespace Vigil.Plugins.Abstractions;

/// <summary>Everything an action gets: which resource, where, its parameters, a logger and a deadline.</summary>
public sealed class ActionContext
{
    /// <summary>The resource's tag (its cluster-wide name).</summary>
    public required string Tag { get; init; }

    /// <summary>The resource's id (the kit's own identifier for the protected thing).</summary>
    public required string Id { get; init; }

    /// <summary>The node this action runs on.</summary>
    public required string Node { get; init; }

    /// <summary>The action being run.</summary>
    public required KitAction Action { get; init; }

    /// <summary>The resource's parameters, defaults applied. Secret values are present here: never log them.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Where the kit logs; the host never sees secret parameter values unless the kit logs them.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>The time the action has; <see cref="CancellationToken"/> fires when it runs out.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Fires on timeout or when the caller cancels. Kits must honour it promptly.</summary>
    public CancellationToken CancellationToken { get; init; }
}
