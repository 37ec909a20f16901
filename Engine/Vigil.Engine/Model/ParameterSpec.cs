
namespace Vigil.Engine.Model;

/// <summary>One parameter of a resource type, as its kit declares it.</summary>
/// <param name="Secret">Secret values are never journaled: they must be given as a <c>secret://NAME</c> reference.</param>
public sealed record ParameterSpec(
    string Name,
    ParameterKind Kind,
    bool Required = false,
    string? Default = null,
    string? Pattern = null,
    IReadOnlyList<string>? AllowedValues = null,
    long? Min = null,
    long? Max = null,
    bool Secret = false);
