namespace Vigil.Plugins.Hosting;

/// <summary>The kit host process exited while requests were in flight.</summary>
internal sealed class HostDiedException(string reason) : Exception(reason);
