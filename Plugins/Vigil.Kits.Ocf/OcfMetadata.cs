using System.Globalization;
using System.Xml.Linq;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>Reads an agent's meta-data XML into a definition: parameter schema, defaults, action timeouts.</summary>
internal static class OcfMetadata
{
    /// <summary>Stands for instance-specific values while meta-data runs; defaults containing it are dropped.</summary>
    public const string Marker = "__vigil_instance__";

    public static ResourceTypeDefinition Parse(string xml, OcfAgent agent)
    {
        var root = XDocument.Parse(xml).Root ?? throw new FormatException("empty meta-data");
        var parameters = root.Element("parameters")?.Elements("parameter").Select(ParseParameter).ToList() ?? [];
        var actions = root.Element("actions")?.Elements("action")
            .Where(a => a.Attribute("timeout") is not null)
            .GroupBy(a => (string?)a.Attribute("name") ?? "")
            .ToDictionary(g => g.Key, g => ParseDuration((string)g.First().Attribute("timeout")!), StringComparer.Ordinal)
            ?? [];
        var defaults = new ActionTimeouts();
        TimeSpan Get(string name, TimeSpan fallback) => actions.TryGetValue(name, out var value) ? value : fallback;
        var start = Get("start", defaults.Restore);
        var stop = Get("stop", defaults.Remove);
        return new ResourceTypeDefinition
        {
            Name = "ocf",
            Description = $"{agent.Name}: {root.Element("shortdesc")?.Value.Trim()}",
            Parameters = [.. OcfDefinition.Own, .. parameters.Where(p => !OcfDefinition.IsOwn(p.Name))],
            AllowsUnknownParameters = false,
            Timeouts = new ActionTimeouts
            {
                Restore = start,
                Remove = stop,
                QuickCheck = Get("monitor", defaults.QuickCheck),
                DeepCheck = Get("monitor", defaults.DeepCheck),
                Recover = stop + start,
                Validate = Get("validate-all", defaults.Validate),
                CanExtend = defaults.CanExtend,
            },
        };
    }

    private static ParameterDefinition ParseParameter(XElement element)
    {
        var content = element.Element("content");
        var type = (string?)content?.Attribute("type");
        var defaultValue = (string?)content?.Attribute("default");
        var name = (string?)element.Attribute("name") ?? "";
        var options = content?.Elements("option").Select(o => (string?)o.Attribute("value")).OfType<string>().ToList() ?? [];
        return new ParameterDefinition
        {
            Name = name,
            Type = type switch
            {
                "integer" => ParameterType.Int,
                "select" when options.Count > 0 => ParameterType.Enum,
                _ => ParameterType.String,
            },
            AllowedValues = options,

            // OCF booleans are ocf_is_true's words, not just true/false.
            Pattern = type == "boolean" ? "(?i)(yes|no|true|false|1|0|on|off|y|n|ja|nein)" : null,
            Required = (string?)element.Attribute("required") == "1",

            // Defaults that the agent computes itself (${OCF_RESKEY_..._default}) stay the agent's business.
            Default = defaultValue is { Length: > 0 } && !defaultValue.Contains('$', StringComparison.Ordinal) && !defaultValue.Contains(Marker, StringComparison.Ordinal) ? defaultValue : null,
            Description = element.Element("shortdesc")?.Value.Trim() ?? "",

            // OCF has no secret flag: treat passwords as secrets so their values never reach a log.
            Secret = name.Contains("passw", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>OCF durations: <c>20s</c>, <c>20</c> (seconds), <c>2m</c>, <c>2min</c>, <c>100ms</c>, <c>1h</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        var digits = new string(text.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0)
        {
            throw new FormatException($"'{text}' is not a duration");
        }

        var number = long.Parse(digits, CultureInfo.InvariantCulture);
        return text[digits.Length..].Trim().ToLowerInvariant() switch
        {
            "" or "s" or "sec" => TimeSpan.FromSeconds(number),
            "ms" or "msec" => TimeSpan.FromMilliseconds(number),
            "m" or "min" => TimeSpan.FromMinutes(number),
            "h" or "hr" => TimeSpan.FromHours(number),
            var unit => throw new FormatException($"'{text}': unknown unit '{unit}'"),
        };
    }
}
