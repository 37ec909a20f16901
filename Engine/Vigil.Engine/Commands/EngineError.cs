namespace Vigil.Engine.Commands;

/// <summary>Why an input was refused. <paramref name="Code"/> is stable (scripts match on it); the message names the problem.</summary>
public sealed record EngineError(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
