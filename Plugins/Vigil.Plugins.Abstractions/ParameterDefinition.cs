using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Vigil.Plugins.Abstractions;

/// <summary>One parameter of a resource type: its type, whether it is required, its default and its validation.</summary>
public sealed record ParameterDefinition
{
    /// <summary>The parameter's name (letters, digits, <c>_</c> and <c>-</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The parameter's type.</summary>
    public ParameterType Type { get; init; } = ParameterType.String;

    /// <summary>What the parameter means, for operators.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether a value must be given (a default does not count).</summary>
    public bool Required { get; init; }

    /// <summary>The value used when none is given, or <see langword="null"/>.</summary>
    public string? Default { get; init; }

    /// <summary>A regular expression the whole value must match, or <see langword="null"/>.</summary>
    public string? Pattern { get; init; }

    /// <summary>The smallest allowed value of an <see cref="ParameterType.Int"/>, or <see langword="null"/>.</summary>
    public long? Minimum { get; init; }

    /// <summary>The largest allowed value of an <see cref="ParameterType.Int"/>, or <see langword="null"/>.</summary>
    public long? Maximum { get; init; }

    /// <summary>The allowed values (required for <see cref="ParameterType.Enum"/>), or empty.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>A secret: its value is never logged, never journaled and never passed in script environments.</summary>
    public bool Secret { get; init; }

    /// <summary>Checks one value against this definition.</summary>
    /// <param name="value">The value (not <see langword="null"/>).</param>
    /// <returns>An error message naming the parameter (never its secret value), or <see langword="null"/> when valid.</returns>
    public string? Validate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = Secret ? "(secret)" : $"'{value}'";
        var typeError = Type switch
        {
            ParameterType.Int when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => "is not an integer",
            ParameterType.Bool when !bool.TryParse(value, out _) => "is not true or false",
            ParameterType.Ip when !IPAddress.TryParse(value, out _) => "is not an IP address",
            ParameterType.Path when !System.IO.Path.IsPathFullyQualified(value) => "is not an absolute path",
            _ => null,
        };
        if (typeError is not null)
        {
            return $"parameter '{Name}': {shown} {typeError}";
        }

        if (Type == ParameterType.Int)
        {
            var number = long.Parse(value, CultureInfo.InvariantCulture);
            if (number < Minimum || number > Maximum)
            {
                return $"parameter '{Name}': {shown} is outside [{Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}, {Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}]";
            }
        }

        if (AllowedValues.Count > 0 && !AllowedValues.Contains(value, StringComparer.Ordinal))
        {
            return $"parameter '{Name}': {shown} is not one of {string.Join(", ", AllowedValues)}";
        }

        if (Pattern is not null && !Regex.IsMatch(value, $"^(?:{Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            return $"parameter '{Name}': {shown} does not match /{Pattern}/";
        }

        return null;
    }
}
