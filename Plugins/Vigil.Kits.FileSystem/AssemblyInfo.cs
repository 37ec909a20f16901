// mount, umount and fsck run under setsid with kill(2) on timeout; /proc and /sys are read: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
