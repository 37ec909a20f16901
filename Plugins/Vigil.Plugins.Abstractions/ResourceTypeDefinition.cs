namespace Vigil.Plugins.Abstractions;

/// <summary>What a resource type is: its name, parameters, timeouts and whether it may run on several nodes.</summary>
public sealed record ResourceTypeDefinition
{
    /// <summary>The type's name, unique on a node (for example <c>genapp</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the type protects, for operators.</summary>
    public string Description { get; init; } = "";

    /// <summary>The parameter schema.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    /// <summary>Whether parameters not in <see cref="Parameters"/> are accepted (passed through to the kit).</summary>
    public bool AllowsUnknownParameters { get; init; }

    /// <summary>Per-action timeouts.</summary>
    public ActionTimeouts Timeouts { get; init; } = new();

    /// <summary>Whether an instance may be in service on several nodes at once (otherwise exactly one).</summary>
    public bool MultiNode { get; init; }

    /// <summary>Checks parameters against the schema: required, unknown and invalid values.</summary>
    /// <param name="parameters">The given parameters (defaults not applied).</param>
    /// <returns>The errors, empty when valid. Secret values never appear in them.</returns>
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = new List<string>();
        foreach (var definition in Parameters)
        {
            if (parameters.TryGetValue(definition.Name, out var value))
            {
                if (definition.Validate(value) is { } error)
                {
                    errors.Add(error);
                }
            }
            else if (definition.Required)
            {
                errors.Add($"parameter '{definition.Name}' is required");
            }
        }

        if (!AllowsUnknownParameters)
        {
            errors.AddRange(parameters.Keys
                .Where(name => !Parameters.Any(p => p.Name == name))
                .Order(StringComparer.Ordinal)
                .Select(name => $"parameter '{name}' is not a parameter of type '{Name}'"));
        }

        return errors;
    }

    /// <summary>The parameters with defaults filled in for those not given.</summary>
    /// <param name="parameters">The given parameters.</param>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<string, string> ApplyDefaults(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        foreach (var definition in Parameters)
        {
            if (definition.Default is not null)
            {
                result.TryAdd(definition.Name, definition.Default);
            }
        }

        return result;
    }

    /// <summary>The parameters safe to log: secret values replaced by <c>***</c>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.ToDictionary(
            pair => pair.Key,
            pair => IsSecret(pair.Key) ? "***" : pair.Value,
            StringComparer.Ordinal);
    }

    /// <summary>Whether a parameter is declared secret.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns><see langword="true"/> when declared with <see cref="ParameterDefinition.Secret"/>.</returns>
    public bool IsSecret(string name) => Parameters.Any(p => p.Secret && p.Name == name);
}
