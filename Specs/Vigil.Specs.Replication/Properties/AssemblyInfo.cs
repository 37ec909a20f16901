// The specs drive vigil-repd, which is Linux only (fdatasync, Unix sockets).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
