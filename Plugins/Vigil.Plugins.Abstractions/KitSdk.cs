namespace Vigil.Plugins.Abstractions;

/// <summary>
/// The version of the kit SDK. A kit records the SDK version it was built against (its reference to
/// this assembly); the kit host refuses a kit whose SDK major version differs from its own.
/// </summary>
public static class KitSdk
{
    /// <summary>The SDK major version. Bump it (and the assembly version) for any breaking change.</summary>
    public const int MajorVersion = 1;

    /// <summary>The full SDK version: this assembly's version.</summary>
    public static Version Version { get; } = typeof(KitSdk).Assembly.GetName().Version ?? new Version(MajorVersion, 0);

    /// <summary>Whether a kit built against <paramref name="kitSdkVersion"/> can run on this SDK.</summary>
    /// <param name="kitSdkVersion">The SDK version the kit references.</param>
    /// <returns><see langword="true"/> when the major versions match.</returns>
    public static bool IsCompatible(Version kitSdkVersion)
    {
        ArgumentNullException.ThrowIfNull(kitSdkVersion);
        return kitSdkVersion.Major == MajorVersion;
    }
}
