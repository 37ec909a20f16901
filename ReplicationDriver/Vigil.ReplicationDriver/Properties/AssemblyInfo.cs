// vigil-repd uses fdatasync, Unix sockets and Unix file modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
