namespace Vigil.Plugins.Hosting;

/// <summary>One JSON line from the parent to the kit host.</summary>
internal sealed record HostRequest
{
    public long Id { get; init; }

    /// <summary>list | run | describe | cancel | unload | reload.</summary>
    public required string Op { get; init; }

    public KitActionRequest? Run { get; init; }

    public string? Kit { get; init; }

    public string? Type { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>For cancel: the id of the run request to cancel.</summary>
    public long? Target { get; init; }
}
