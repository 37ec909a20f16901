using System.Globalization;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.FileSystem;

/// <summary>One <c>filesystem</c> resource's parameters, checked and parsed.</summary>
internal sealed record FileSystemSettings
{
    public required string Device { get; init; }

    public required string FsType { get; init; }

    public required string MountPoint { get; init; }

    public required string Options { get; init; }

    public required string Fsck { get; init; }

    public required int UsageThreshold { get; init; }

    public required bool KillHolders { get; init; }

    public required TimeSpan DeviceTimeout { get; init; }

    /// <summary>Mounted read-only on purpose: the write probe is skipped.</summary>
    public bool ReadOnly => Options.Split(',').Contains("ro", StringComparer.Ordinal);

    public string Describe() => $"{Device} ({FsType}) on {MountPoint}";

    /// <summary>Parses parameters (defaults applied); every error names the parameter and its value.</summary>
    public static (FileSystemSettings? Settings, IReadOnlyList<string> Errors) Parse(ResourceTypeDefinition definition, IReadOnlyDictionary<string, string> parameters)
    {
        var errors = definition.Validate(parameters).ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var mountPoint = Path.TrimEndingDirectorySeparator(parameters[FileSystemDefinition.MountPoint]);
        if (mountPoint is "/" or "" || mountPoint.Split('/').Any(part => part is "." or ".."))
        {
            errors.Add($"parameter '{FileSystemDefinition.MountPoint}': '{parameters[FileSystemDefinition.MountPoint]}' is / or not a plain absolute path");
        }

        var device = parameters[FileSystemDefinition.Device];
        if (!device.StartsWith("/dev/", StringComparison.Ordinal))
        {
            errors.Add($"parameter '{FileSystemDefinition.Device}': '{device}' is not under /dev");
        }

        return errors.Count > 0 ? (null, errors) : (new FileSystemSettings
        {
            Device = device,
            FsType = parameters[FileSystemDefinition.FsType],
            MountPoint = mountPoint,
            Options = parameters[FileSystemDefinition.Options],
            Fsck = parameters[FileSystemDefinition.Fsck],
            UsageThreshold = int.Parse(parameters[FileSystemDefinition.UsageThreshold], CultureInfo.InvariantCulture),
            KillHolders = bool.Parse(parameters[FileSystemDefinition.KillHolders]),
            DeviceTimeout = TimeSpan.FromSeconds(int.Parse(parameters[FileSystemDefinition.DeviceTimeout], CultureInfo.InvariantCulture)),
        }, errors);
    }
}
