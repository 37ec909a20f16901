using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.FileSystem;

/// <summary>The file system kit: a file system on shared (or mirrored) storage, checked and mounted where the hierarchy runs.</summary>
public sealed class FileSystemKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "filesystem";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new FileSystemResourceType()];
}
