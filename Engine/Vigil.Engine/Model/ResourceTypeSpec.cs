using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Vigil.Engine.Model;

/// <summary>A resource type as the engine knows it: name and parameter schema, reported by a node's kits.</summary>
public sealed record ResourceTypeSpec(string Name, ImmutableArray<ParameterSpec> Parameters)
{
    /// <summary>Parameters the schema does not list are passed through to the kit (GenApp hands them to its scripts).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AllowsUnknownParameters { get; init; }
}
