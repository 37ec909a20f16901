// iproute2, iputils, process groups and kill(2): this kit runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
