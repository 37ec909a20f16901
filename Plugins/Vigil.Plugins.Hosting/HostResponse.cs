using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>One JSON line from the kit host to the parent, answering the request with the same id.</summary>
internal sealed record HostResponse
{
    public long Id { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<KitInfo>? Kits { get; init; }

    public ActionResult? Result { get; init; }

    public ResourceTypeDefinition? Definition { get; init; }

    /// <summary>For unload: whether the kit's load context was collected.</summary>
    public bool? Collected { get; init; }
}
