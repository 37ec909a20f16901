using Vigil.Plugins.Abstractions;
using Vigil.Plugins.Testing;

namespace MyKit.Tests;

/// <summary>The kit conformance suite for this kit's resource type.</summary>
public sealed class SampleConformanceTests : KitConformanceTests, IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("MyKit-").FullName;

    protected override ResourceType CreateResourceType() => new SampleResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) =>
        new Dictionary<string, string> { ["stateDir"] = _stateDir };

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) =>
        new Dictionary<string, string> { ["stateDir"] = _stateDir, ["startDelayMs"] = "600000" };

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string> { ["stateDir"] = "relative/dir", ["startDelayMs"] = "-1" };

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);
}
