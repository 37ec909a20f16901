using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Vigil.Engine.Model;

namespace Vigil.Engine.Decisions;

/// <summary>Checks resource parameters against their type's schema and fills in defaults.</summary>
public static class ParameterValidator
{
    /// <summary>How a secret parameter is given: a reference resolved on the node, never the secret itself.</summary>
    public const string SecretPrefix = "secret://";

    /// <returns>The effective parameters, or an error naming the parameter, the value's problem and the type.</returns>
    public static (ImmutableSortedDictionary<string, string>? Parameters, string? Error) Validate(
        ResourceTypeSpec type, IReadOnlyDictionary<string, string> given)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(given);
        var specs = type.Parameters.IsDefault ? [] : type.Parameters;
        foreach (var name in given.Keys)
        {
            if (name.StartsWith(FailurePolicy.EnginePrefix, StringComparison.Ordinal))
            {
                if (!FailurePolicy.Parameters.Any(p => p.Name == name))
                {
                    return (null, $"parameter '{name}' is not an engine parameter (they are: {string.Join(", ", FailurePolicy.Parameters.Select(p => p.Name))})");
                }

                continue;
            }

            if (!type.AllowsUnknownParameters && !specs.Any(p => p.Name == name))
            {
                var known = string.Join(", ", specs.Select(p => p.Name));
                return (null, $"parameter '{name}' is not a parameter of type '{type.Name}' (its parameters: {(known.Length == 0 ? "none" : known)})");
            }
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            if (!name.StartsWith(FailurePolicy.EnginePrefix, StringComparison.Ordinal) && !specs.Any(p => p.Name == name))
            {
                result[name] = value; // allowed unknown: the kit validates it
            }
        }

        foreach (var spec in specs.Concat(FailurePolicy.Parameters))
        {
            if (!given.TryGetValue(spec.Name, out var value))
            {
                if (spec.Default is not null)
                {
                    result[spec.Name] = spec.Default;
                    continue;
                }

                if (spec.Required)
                {
                    return (null, $"parameter '{spec.Name}' of type '{type.Name}' is required");
                }

                continue;
            }

            var problem = Check(spec, value);
            if (problem is not null)
            {
                var shown = spec.Secret ? "(secret)" : $"'{value}'";
                return (null, $"parameter '{spec.Name}' = {shown} of type '{type.Name}': {problem}");
            }

            result[spec.Name] = value;
        }

        return (result.ToImmutable(), null);
    }

    private static string? Check(ParameterSpec spec, string value)
    {
        if (spec.Secret)
        {
            // A literal secret would be journaled forever: only references are accepted.
            return value.StartsWith(SecretPrefix, StringComparison.Ordinal) && value.Length > SecretPrefix.Length
                ? null
                : $"a secret must be given as a reference '{SecretPrefix}NAME', never as a literal";
        }

        switch (spec.Kind)
        {
            case ParameterKind.Integer:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    return "not an integer";
                }

                if (spec.Min is { } min && n < min)
                {
                    return $"below the minimum {min}";
                }

                if (spec.Max is { } max && n > max)
                {
                    return $"above the maximum {max}";
                }

                break;
            case ParameterKind.Boolean:
                if (value is not ("true" or "false"))
                {
                    return "not a boolean (true or false)";
                }

                break;
            case ParameterKind.Enum:
                if (spec.AllowedValues is { } allowed && !allowed.Contains(value))
                {
                    return $"not one of {string.Join(", ", allowed)}";
                }

                break;
            case ParameterKind.IpAddress:
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                var address = slash < 0 ? value : value[..slash];
                if (!IPAddress.TryParse(address, out var ip))
                {
                    return "not an IP address";
                }

                if (slash >= 0 && (!int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
                                   || prefix > (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)))
                {
                    return "has an invalid prefix length";
                }

                break;
            case ParameterKind.Path:
                if (!value.StartsWith('/'))
                {
                    return "not an absolute path";
                }

                break;
            case ParameterKind.String:
            default:
                break;
        }

        if (spec.Pattern is { } pattern && !Regex.IsMatch(value, "^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            return $"does not match {pattern}";
        }

        return null;
    }
}
