// nsupdate and dig run under setsid with kill(2) on timeout: this kit runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
