using System.Text.RegularExpressions;

namespace Vigil.Engine.Decisions;

/// <summary>What a node name or resource tag may look like: safe in paths, stream ids, environment variables and shell arguments.</summary>
internal static partial class Names
{
    public static string? Problem(string kind, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{kind} name is empty";
        }

        return ValidName().IsMatch(name) ? null : $"{kind} name '{name}' must be 1–64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
