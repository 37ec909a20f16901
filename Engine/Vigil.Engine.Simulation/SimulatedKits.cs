using System.Collections.Immutable;
using Vigil.Engine.Model;

namespace Vigil.Engine.Simulation;

/// <summary>Resource types the simulated kits provide, with small but real parameter schemas.</summary>
public static class SimulatedKits
{
    public static ResourceTypeSpec TypeFor(string name) => name switch
    {
        "ip" => new ResourceTypeSpec("ip", [new ParameterSpec("address", ParameterKind.IpAddress, Required: true)]),
        "fs" => new ResourceTypeSpec("fs",
        [
            new ParameterSpec("device", ParameterKind.Path, Required: true),
            new ParameterSpec("mountPoint", ParameterKind.Path, Required: true),
            new ParameterSpec("fsType", ParameterKind.Enum, Default: "ext4", AllowedValues: ["ext4", "xfs"]),
        ]),
        _ => new ResourceTypeSpec(name, [new ParameterSpec("command", ParameterKind.String, Default: "/bin/true")]),
    };
}
