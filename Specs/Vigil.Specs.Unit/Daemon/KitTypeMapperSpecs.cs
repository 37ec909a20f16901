using Vigil.Daemon.Runtime;
using Vigil.Engine.Model;

namespace Vigil.Specs.Unit.Daemon;

public sealed class KitTypeMapperSpecs
{
    private static ResourceTypeSpec Type(string defaultPort) =>
        new("redis", [new ParameterSpec("port", ParameterKind.Integer, Default: defaultPort, AllowedValues: ["6379", "6380"])]);

    [Fact]
    public void SameTypes_EqualValuesInDifferentInstances_AreTheSame()
    {
        Assert.True(KitTypeMapper.SameTypes([Type("6379")], [Type("6379")]));
    }

    [Fact]
    public void SameTypes_ADefaultChanged_IsNotTheSame()
    {
        Assert.False(KitTypeMapper.SameTypes([Type("6379")], [Type("6380")]));
    }
}
