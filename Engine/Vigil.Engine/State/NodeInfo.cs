using Vigil.Engine.Model;

namespace Vigil.Engine.State;

/// <summary>A node as the engine projects it.</summary>
public sealed class NodeInfo(string name)
{
    public string Name { get; } = name;

    /// <summary>False once a quorate side declared it dead, until it rejoins.</summary>
    public bool Alive { get; internal set; } = true;

    /// <summary>In maintenance: what runs on it is unmanaged (not checked, recovered or failed over) and nothing is moved to it.</summary>
    public bool Maintenance { get; internal set; }

    /// <summary>Resource types its kits provide, by type name.</summary>
    public SortedDictionary<string, ResourceTypeSpec> Types { get; } = new(StringComparer.Ordinal);
}
