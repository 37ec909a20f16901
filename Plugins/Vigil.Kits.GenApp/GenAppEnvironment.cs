using System.Text;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.GenApp;

/// <summary>The environment a script gets: VIGIL_TAG, VIGIL_ID, VIGIL_NODE, VIGIL_ACTION, VIGIL_PARAM_* (no secrets).</summary>
internal static class GenAppEnvironment
{
    public static Dictionary<string, string> For(ActionContext context, ResourceTypeDefinition definition)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VIGIL_TAG"] = context.Tag,
            ["VIGIL_ID"] = context.Id,
            ["VIGIL_NODE"] = context.Node,
            ["VIGIL_ACTION"] = char.ToLowerInvariant(context.Action.ToString()[0]) + context.Action.ToString()[1..],
            ["VIGIL_TIMEOUT_SECONDS"] = ((int)Math.Ceiling(context.Timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in context.Parameters)
        {
            if (!definition.IsSecret(name))
            {
                environment["VIGIL_PARAM_" + EnvironmentName(name)] = value;
            }
        }

        return environment;
    }

    /// <summary><c>quickCheck</c> → <c>QUICKCHECK</c>; anything not a letter or digit → <c>_</c>.</summary>
    public static string EnvironmentName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return builder.ToString();
    }
}
