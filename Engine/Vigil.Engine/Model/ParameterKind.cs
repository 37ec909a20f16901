namespace Vigil.Engine.Model;

/// <summary>Value types a resource parameter can have.</summary>
public enum ParameterKind
{
    String,
    Integer,
    Boolean,
    Enum,
    IpAddress,
    Path,
}
