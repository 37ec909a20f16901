namespace Vigil.Daemon.Configuration;

/// <summary>A setting's text and the line it is on.</summary>
internal sealed record ConfigValue(string Text, int Line);
