using System.Runtime.Versioning;

// Vigil manages Linux clusters: network namespaces, process groups, Unix sockets.
[assembly: SupportedOSPlatform("linux")]
