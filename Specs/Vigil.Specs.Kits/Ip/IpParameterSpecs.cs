using Vigil.Kits.Ip;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>validate names the parameter and the value for every kind of bad input, and lets nothing shell-like through.</summary>
public sealed class IpParameterSpecs
{
    private static async Task<ActionResult> ValidateAsync(params (string Name, string Value)[] parameters) =>
        await Contexts.RunAsync(new IpResourceType(), KitAction.Validate, "vip", IpLab.Parameters(parameters));

    [Theory]
    [InlineData("address", "10.213.9.50", "parameter 'address': '10.213.9.50' has no prefix length")]
    [InlineData("address", "10.213.9.50/33", "prefix length '33' in '10.213.9.50/33' is not a number from 1 to 32")]
    [InlineData("address", "10.213.9/24", "'10.213.9/24' is not a dotted-quad IPv4 address")]
    [InlineData("address", "web.example/24", "'web.example/24' is not an IPv4 address with a prefix length")]
    [InlineData("address", "fd00::50/64", "'fd00::50/64' is an IPv6 address; the ip kit supports IPv4 only")]
    [InlineData("address", "127.0.0.5/8", "'127.0.0.5/8' is a loopback, unspecified, multicast or reserved address")]
    [InlineData("address", "224.0.0.5/24", "'224.0.0.5/24' is a loopback, unspecified, multicast or reserved address")]
    [InlineData("interface", "eth0;reboot", "parameter 'interface': 'eth0;reboot' does not match")]
    [InlineData("interface", "-h", "parameter 'interface': '-h' does not match")]
    [InlineData("interface", "a-very-long-interface", "parameter 'interface': 'a-very-long-interface' does not match")]
    [InlineData("backupInterfaces", "pub1,$(reboot)", "parameter 'backupInterfaces': '$(reboot)' is not an interface name")]
    [InlineData("backupInterfaces", "pub1,pub0", "interface 'pub0' is listed more than once")]
    [InlineData("pingTargets", "10.213.9.1,gateway", "parameter 'pingTargets': 'gateway' is not an IPv4 address")]
    [InlineData("arpCount", "101", "parameter 'arpCount': '101' is outside [0, 100]")]
    [InlineData("arpMode", "both", "parameter 'arpMode': 'both' is not one of request, reply")]
    [InlineData("dadTimeout", "0.5", "parameter 'dadTimeout': '0.5' is not an integer")]
    public async Task Validate_BadValue_ConfigurationErrorNamingParameterAndValue(string name, string value, string expected)
    {
        var result = await ValidateAsync((name, value));

        Assert.False(result.Succeeded);
        Assert.True(result.ConfigurationError, result.ExitReason);
        Assert.Contains(expected, result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownParameter_IsRefused()
    {
        var result = await ValidateAsync(("netmask", "24"));

        Assert.True(result.ConfigurationError);
        Assert.Contains("parameter 'netmask' is not a parameter of type 'ip'", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FullParameterSet_Succeeds()
    {
        var result = await ValidateAsync(("backupInterfaces", "pub1, pub2"), ("pingTargets", "10.213.9.1,10.213.9.254"), ("arpCount", "5"), ("arpMode", "reply"), ("dadTimeout", "2"));

        Assert.True(result.Succeeded, result.ExitReason);
    }

    [Fact]
    public async Task Restore_BadParameters_ConfigurationErrorWithoutRunningAnything()
    {
        var result = await Contexts.RunAsync(new IpResourceType(), KitAction.Restore, "vip", IpLab.Parameters(("address", "10.213.9.50")));

        Assert.True(result.ConfigurationError);
        Assert.Contains("has no prefix length", result.ExitReason, StringComparison.Ordinal);
    }
}
