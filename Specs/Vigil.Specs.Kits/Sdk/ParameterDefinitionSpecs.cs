namespace Vigil.Specs.Kits.Sdk;

public sealed class ParameterDefinitionSpecs
{
    [Theory]
    [InlineData(ParameterType.Int, "42", true)]
    [InlineData(ParameterType.Int, "4x", false)]
    [InlineData(ParameterType.Bool, "true", true)]
    [InlineData(ParameterType.Bool, "yes", false)]
    [InlineData(ParameterType.Ip, "10.0.0.1", true)]
    [InlineData(ParameterType.Ip, "fe80::1", true)]
    [InlineData(ParameterType.Ip, "10.0.0", true)] // IPAddress accepts the short IPv4 forms
    [InlineData(ParameterType.Ip, "not-an-ip", false)]
    [InlineData(ParameterType.Path, "/etc/x", true)]
    [InlineData(ParameterType.Path, "etc/x", false)]
    public void Validate_ValueOfType_AcceptsOnlyWellFormed(ParameterType type, string value, bool valid)
    {
        var definition = new ParameterDefinition { Name = "p", Type = type };
        Assert.Equal(valid, definition.Validate(value) is null);
    }

    [Fact]
    public void Validate_IntOutsideRange_NamesTheRange()
    {
        var definition = new ParameterDefinition { Name = "port", Type = ParameterType.Int, Minimum = 1, Maximum = 65535 };
        Assert.Null(definition.Validate("80"));
        Assert.Contains("outside [1, 65535]", definition.Validate("70000"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PatternAndAllowedValues_AreWholeValueChecks()
    {
        var pattern = new ParameterDefinition { Name = "nic", Pattern = "eth[0-9]+" };
        Assert.Null(pattern.Validate("eth0"));
        Assert.NotNull(pattern.Validate("xeth0"));
        var choice = new ParameterDefinition { Name = "mode", Type = ParameterType.Enum, AllowedValues = ["sync", "async"] };
        Assert.Null(choice.Validate("sync"));
        Assert.Contains("not one of sync, async", choice.Validate("fast"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretValue_NeverAppearsInTheError()
    {
        var definition = new ParameterDefinition { Name = "password", Pattern = "[a-z]+", Secret = true };
        var error = definition.Validate("Hunter2!");
        Assert.NotNull(error);
        Assert.DoesNotContain("Hunter2!", error, StringComparison.Ordinal);
    }
}
