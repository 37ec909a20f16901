using System.Collections.Immutable;

namespace Vigil.Engine.Model;

/// <summary>A resource type as the engine knows it: name and parameter schema, reported by a node's kits.</summary>
public sealed record ResourceTypeSpec(string Name, ImmutableArray<ParameterSpec> Parameters);
