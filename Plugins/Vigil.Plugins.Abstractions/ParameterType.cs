namespace Vigil.Plugins.Abstractions;

/// <summary>The type of a resource parameter; values always travel as strings.</summary>
public enum ParameterType
{
    /// <summary>Any text (optionally constrained by a regular expression).</summary>
    String,

    /// <summary>A 64-bit integer (optionally within a range).</summary>
    Int,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>An IPv4 or IPv6 address.</summary>
    Ip,

    /// <summary>An absolute file system path.</summary>
    Path,

    /// <summary>One of <see cref="ParameterDefinition.AllowedValues"/>.</summary>
    Enum,
}
