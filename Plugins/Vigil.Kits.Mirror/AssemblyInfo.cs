// nbdfuse, losetup and setsid run as tools; /sys and /proc are read: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
