using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ip;

/// <summary>The <c>ip</c> parameter schema. <see cref="IpSettings"/> checks what a schema cannot (lists, address kinds).</summary>
internal static class IpDefinition
{
    public const string Address = "address";
    public const string Interface = "interface";
    public const string BackupInterfaces = "backupInterfaces";
    public const string PingTargets = "pingTargets";
    public const string ArpCount = "arpCount";
    public const string ArpMode = "arpMode";
    public const string DadTimeout = "dadTimeout";

    /// <summary>A Linux interface name we accept: 1–15 characters, no leading '-' or '.', nothing a shell or ip(8) would read as syntax.</summary>
    public const string InterfacePattern = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}";

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "ip",
        Description = "A virtual IPv4 address on this node's interface: duplicate address detection before adding it, " +
                      "gratuitous ARP after, local recovery onto backup interfaces before the hierarchy fails over.",
        Parameters =
        [
            new ParameterDefinition { Name = Address, Required = true, Description = "the virtual address with its prefix length, e.g. 10.0.0.50/24" },
            new ParameterDefinition { Name = Interface, Required = true, Pattern = InterfacePattern, Description = "the interface the address normally lives on, e.g. eth0" },
            new ParameterDefinition { Name = BackupInterfaces, Default = "", Description = "interfaces the address may move to when the interface's link is down, in order, comma-separated (e.g. eth1,eth2)" },
            new ParameterDefinition { Name = PingTargets, Default = "", Description = "IPv4 addresses quickCheck pings from the virtual address, comma-separated; healthy when any answers (empty: no ping)" },
            new ParameterDefinition { Name = ArpCount, Type = ParameterType.Int, Default = "3", Minimum = 0, Maximum = 100, Description = "gratuitous ARP packets sent after adding the address, one a second (0: none)" },
            new ParameterDefinition { Name = ArpMode, Type = ParameterType.Enum, Default = "request", AllowedValues = ["request", "reply"], Description = "gratuitous ARP as requests (arping -U) or replies (arping -A)" },
            new ParameterDefinition { Name = DadTimeout, Type = ParameterType.Int, Default = "1", Minimum = 0, Maximum = 60, Description = "seconds duplicate address detection waits for an answer before adding the address (0: no detection, not recommended)" },
        ],
        Timeouts = new ActionTimeouts
        {
            Restore = TimeSpan.FromSeconds(90),
            Remove = TimeSpan.FromSeconds(30),
            QuickCheck = TimeSpan.FromSeconds(15),
            DeepCheck = TimeSpan.FromSeconds(15),
            Recover = TimeSpan.FromSeconds(120),
            Validate = TimeSpan.FromSeconds(10),
            CanExtend = TimeSpan.FromSeconds(10),
        },
    };
}
