using Vigil.Kits.Ocf;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ocf;

/// <summary>The bridge's calling convention, checked with a recording agent under a private OCF_ROOT.</summary>
public sealed class OcfBridgeSpecs : IDisposable
{
    private readonly Scripts _root = new();
    private readonly OcfResourceType _type = new();

    private Dictionary<string, string> Agent(string name, string body, Dictionary<string, string>? extra = null)
    {
        _root.Write($"resource.d/vigiltest/{name}", body);
        var parameters = new Dictionary<string, string>
        {
            ["agent"] = $"vigiltest:{name}",
            ["ocfRoot"] = _root.Directory,
            ["rscTmp"] = Path.Combine(_root.Directory, "rsctmp"),
        };
        foreach (var (key, value) in extra ?? [])
        {
            parameters[key] = value;
        }

        return parameters;
    }

    [Fact]
    public async Task DeepCheckAsync_RecordingAgent_GetsOcfEnvironmentAndCheckLevel20()
    {
        var dump = _root.PathOf("env");
        var parameters = Agent("Recorder", $"#!/bin/sh\n{{ echo \"action=$1\"; env | grep -E '^(OCF_|HA_RSCTMP)' | sort; }} > {dump}\nexit 0\n", new() { ["ip"] = "10.1.2.3" });

        var result = await Contexts.RunAsync(_type, KitAction.DeepCheck, "web-ip", parameters, TimeSpan.FromSeconds(17));

        Assert.True(result.Succeeded, result.ExitReason);
        var lines = File.ReadAllLines(dump);
        Assert.Contains("action=monitor", lines);
        Assert.Contains("OCF_CHECK_LEVEL=20", lines);
        Assert.Contains("OCF_RESOURCE_INSTANCE=web-ip", lines);
        Assert.Contains("OCF_RESOURCE_TYPE=Recorder", lines);
        Assert.Contains("OCF_RESOURCE_PROVIDER=vigiltest", lines);
        Assert.Contains($"OCF_ROOT={_root.Directory}", lines);
        Assert.Contains("OCF_RESKEY_ip=10.1.2.3", lines);
        Assert.Contains("OCF_RESKEY_CRM_meta_timeout=17000", lines);
        Assert.Contains("OCF_RESKEY_CRM_meta_interval=10000", lines);
        Assert.Contains("OCF_RESKEY_CRM_meta_name=monitor", lines);
        Assert.Contains($"HA_RSCTMP={Path.Combine(_root.Directory, "rsctmp")}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("OCF_RESKEY_agent=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAsync_AgentCallsPacemakerTool_ExitReasonNamesTheTool()
    {
        var parameters = Agent("NeedsCib", "#!/bin/sh\ncrm_attribute -n master-foo -v 10 || exit 1\nexit 0\n");

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "cib", parameters);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("exited 1 (OCF_ERR_GENERIC)", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains("vigil: Pacemaker tool 'crm_attribute' is not available", result.ExitReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KitAction.Restore, 0, ActionOutcome.Succeeded, null, false)]
    [InlineData(KitAction.Restore, 1, ActionOutcome.Failed, null, false)]
    [InlineData(KitAction.Restore, 2, ActionOutcome.Failed, null, true)]
    [InlineData(KitAction.Restore, 3, ActionOutcome.Failed, null, false)]
    [InlineData(KitAction.Restore, 4, ActionOutcome.Failed, null, false)]
    [InlineData(KitAction.Restore, 5, ActionOutcome.Failed, null, true)]
    [InlineData(KitAction.Restore, 6, ActionOutcome.Failed, null, true)]
    [InlineData(KitAction.Remove, 0, ActionOutcome.Succeeded, null, false)]
    [InlineData(KitAction.Remove, 7, ActionOutcome.Succeeded, null, false)]
    [InlineData(KitAction.Remove, 1, ActionOutcome.Failed, null, false)]
    [InlineData(KitAction.QuickCheck, 0, ActionOutcome.Succeeded, CheckState.Healthy, false)]
    [InlineData(KitAction.QuickCheck, 7, ActionOutcome.Failed, CheckState.NotRunning, false)]
    [InlineData(KitAction.QuickCheck, 8, ActionOutcome.Succeeded, CheckState.Healthy, false)]
    [InlineData(KitAction.QuickCheck, 9, ActionOutcome.Failed, CheckState.Unhealthy, false)]
    [InlineData(KitAction.QuickCheck, 1, ActionOutcome.Failed, CheckState.Unhealthy, false)]
    [InlineData(KitAction.QuickCheck, 5, ActionOutcome.Failed, CheckState.Unhealthy, true)]
    [InlineData(KitAction.QuickCheck, 6, ActionOutcome.Failed, CheckState.Unhealthy, true)]
    public async Task RunAsync_AgentExitCode_MapsFaithfully(KitAction action, int code, ActionOutcome outcome, CheckState? check, bool configurationError)
    {
        var parameters = Agent($"Exit{code}", $"#!/bin/sh\necho \"exiting {code}\" >&2\nexit {code}\n");

        var result = await Contexts.RunAsync(_type, action, "codes", parameters);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(check, result.Check);
        Assert.Equal(configurationError, result.ConfigurationError);
        Assert.True(result.Succeeded || result.ExitReason.Contains($"exiting {code}", StringComparison.Ordinal), result.ExitReason);
    }

    [Fact]
    public async Task DescribeAsync_IPaddr2_ReadsParametersDefaultsAndTimeoutsFromMetaData()
    {
        var definition = await _type.DescribeAsync(new Dictionary<string, string> { ["agent"] = "heartbeat:IPaddr2" }, CancellationToken.None);

        Assert.Equal("ocf", definition.Name);
        Assert.StartsWith("ocf:heartbeat:IPaddr2: ", definition.Description, StringComparison.Ordinal);
        var ip = Assert.Single(definition.Parameters, p => p.Name == "ip");
        Assert.True(ip.Required);
        Assert.Equal(ParameterType.Int, Assert.Single(definition.Parameters, p => p.Name == "arp_count").Type);
        Assert.Equal("5", Assert.Single(definition.Parameters, p => p.Name == "arp_count").Default);
        Assert.Null(Assert.Single(definition.Parameters, p => p.Name == "lvs_support").Validate("yes"));
        Assert.Equal(TimeSpan.FromSeconds(20), definition.Timeouts.Restore);
        Assert.Equal(TimeSpan.FromSeconds(20), definition.Timeouts.Remove);
        Assert.Contains("parameter 'ip' is required", definition.Validate(new Dictionary<string, string> { ["agent"] = "heartbeat:IPaddr2" }));
        Assert.Contains("parameter 'colour' is not a parameter of type 'ocf'", definition.Validate(new Dictionary<string, string> { ["agent"] = "heartbeat:IPaddr2", ["ip"] = "10.0.0.1", ["colour"] = "x" }));
    }

    [Fact]
    public async Task ValidateAsync_MissingRequiredAgentParameter_IsConfigurationError()
    {
        var result = await Contexts.RunAsync(_type, KitAction.Validate, "noip", new Dictionary<string, string> { ["agent"] = "heartbeat:IPaddr2" });

        Assert.True(result.ConfigurationError);
        Assert.Contains("parameter 'ip' is required", result.ExitReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("20", 20_000)]
    [InlineData("2m", 120_000)]
    [InlineData("2min", 120_000)]
    [InlineData("100ms", 100)]
    public void ParseDuration_OcfDurations_Parse(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), OcfMetadata.ParseDuration(text));

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task RunAsync_NoTimeoutGivenThroughKitHost_UsesTheAgentsMetaDataTimeout()
    {
        var dump = _root.PathOf("timeout");
        var parameters = Agent("Timed", $$"""
            #!/bin/sh
            if [ "$1" = meta-data ]; then
              echo '<?xml version="1.0"?><resource-agent name="Timed"><parameters/><actions><action name="start" timeout="7s"/></actions></resource-agent>'
              exit 0
            fi
            echo "$OCF_RESKEY_CRM_meta_timeout" > {{dump}}
            """);
        using var kits = new TempKits("Vigil.Kits.Ocf");
        await using var client = kits.Client();

        var result = await client.RunAsync(Requests.Run("ocf", KitAction.Restore, "timed", parameters), Requests.Deadline());

        Assert.True(result.Succeeded, result.ExitReason);
        Assert.Equal("7000", File.ReadAllText(dump).Trim());
    }
}
