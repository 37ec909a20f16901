namespace Vigil.Plugins.Abstractions;

/// <summary>
/// The entry point of a recovery kit. The kit host creates one instance of each public non-abstract
/// class implementing this interface (parameterless constructor) found in the kit's main assembly.
/// </summary>
public interface IRecoveryKit
{
    /// <summary>The kit's name, unique on a node (for example <c>genapp</c>).</summary>
    string Name { get; }

    /// <summary>The resource types the kit provides.</summary>
    IReadOnlyList<ResourceType> ResourceTypes { get; }
}
