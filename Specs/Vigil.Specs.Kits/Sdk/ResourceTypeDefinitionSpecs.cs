namespace Vigil.Specs.Kits.Sdk;

public sealed class ResourceTypeDefinitionSpecs
{
    private static readonly ResourceTypeDefinition Definition = new()
    {
        Name = "web",
        Parameters =
        [
            new ParameterDefinition { Name = "port", Type = ParameterType.Int, Default = "80" },
            new ParameterDefinition { Name = "root", Type = ParameterType.Path, Required = true },
            new ParameterDefinition { Name = "token", Secret = true },
        ],
    };

    [Fact]
    public void Validate_MissingRequiredAndUnknown_ReportsBoth()
    {
        var errors = Definition.Validate(new Dictionary<string, string> { ["colour"] = "red" });
        Assert.Contains("parameter 'root' is required", errors);
        Assert.Contains("parameter 'colour' is not a parameter of type 'web'", errors);
    }

    [Fact]
    public void ApplyDefaults_MissingWithDefault_IsFilledGivenIsKept()
    {
        var applied = Definition.ApplyDefaults(new Dictionary<string, string> { ["root"] = "/srv" });
        Assert.Equal("80", applied["port"]);
        Assert.Equal("/srv", applied["root"]);
        Assert.Equal("81", Definition.ApplyDefaults(new Dictionary<string, string> { ["port"] = "81" })["port"]);
    }

    [Fact]
    public void Redact_SecretParameter_IsMasked()
    {
        var redacted = Definition.Redact(new Dictionary<string, string> { ["token"] = "s3cr3t", ["root"] = "/srv" });
        Assert.Equal("***", redacted["token"]);
        Assert.Equal("/srv", redacted["root"]);
    }

    [Fact]
    public void ActionResultFactories_FailureWithoutReason_Throw()
    {
        Assert.Throws<ArgumentException>(() => ActionResult.Failure(" "));
        Assert.True(ActionResult.Healthy().Succeeded);
        Assert.True(ActionResult.Degraded("one NIC down").Succeeded);
        Assert.False(ActionResult.NotRunning("stopped").Succeeded);
        Assert.True(ActionResult.ConfigurationFailure("bad").ConfigurationError);
    }

    [Fact]
    public void KitSdk_MajorVersion_MatchesAssemblyAndRefusesOtherMajors()
    {
        Assert.Equal(KitSdk.MajorVersion, KitSdk.Version.Major);
        Assert.True(KitSdk.IsCompatible(new Version(KitSdk.MajorVersion, 7)));
        Assert.False(KitSdk.IsCompatible(new Version(KitSdk.MajorVersion + 1, 0)));
    }
}
