namespace Vigil.Specs.Journal.Support;

/// <summary>An enum in a payload (stored as a camelCase string).</summary>
public enum Severity
{
    Low,
    High,
}
