namespace Vigil.Specs.Kits.GenApp;

/// <summary>The conformance suite on plugin-templates/genapp/bash, unchanged.</summary>
public sealed class GenAppBashConformanceTests : GenAppConformanceTests
{
    protected override string Language => "bash";
}
