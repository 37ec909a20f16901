using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Mirror;

/// <summary>The <c>mirror</c> parameter schema; cross-checks live in <see cref="MirrorSettings"/>.</summary>
internal static class MirrorDefinition
{
    public const string Mirror = "mirror";
    public const string Nodes = "nodes";
    public const string SizeMiB = "sizeMiB";
    public const string Mode = "mode";
    public const string Volume = "volume";
    public const string Device = "device";

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "mirror",
        Description = "A volume mirrored by vigil-repd: promoted to primary and exported on restore (refused when the local copy " +
                      "is resyncing, outdated, stale or split-brained), demoted on remove, its replication watched by the checks.",
        Parameters =
        [
            new() { Name = Mirror, Required = true, Pattern = "[a-z0-9][a-z0-9-]{0,31}", Description = "the mirror's name (also its NBD export name)" },
            new() { Name = Nodes, Required = true, Pattern = "[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*", Description = "the nodes holding a copy, comma-separated; the first one's data is the initial truth" },
            new() { Name = SizeMiB, Type = ParameterType.Int, Required = true, Minimum = 1, Maximum = 16L << 20, Description = "the volume size in MiB" },
            new() { Name = Mode, Type = ParameterType.Enum, AllowedValues = ["sync", "async"], Default = "sync", Description = "sync: a write completes once every copy has it (no data loss on failover); async: locally, shipped in order" },
            new() { Name = Volume, Type = ParameterType.Path, Description = "the local backing file or block device ({node} is replaced by the node name); default: volumes/MIRROR.img under the node's vigil-repd directory" },
            new() { Name = Device, Type = ParameterType.Path, Description = "when set, restore attaches the export as a block device (nbdfuse + loop) and links this path (under /dev) to it" },
        ],
        Timeouts = new ActionTimeouts
        {
            Restore = TimeSpan.FromSeconds(60),
            Remove = TimeSpan.FromSeconds(60),
            QuickCheck = TimeSpan.FromSeconds(10),
            DeepCheck = TimeSpan.FromSeconds(20),
            Recover = TimeSpan.FromSeconds(60),
            Validate = TimeSpan.FromSeconds(10),
            CanExtend = TimeSpan.FromSeconds(20),
        },
    };
}
