namespace Vigil.Specs.Kits.GenApp;

/// <summary>The conformance suite on plugin-templates/genapp/perl, unchanged.</summary>
public sealed class GenAppPerlConformanceTests : GenAppConformanceTests
{
    protected override string Language => "perl";
}
