using Vigil.Specs.Support;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>`vigil kits list` as an operator runs it: the built CLI binary, a real kit host, a kits directory.</summary>
public sealed class KitsListCliSpecs
{
    private static string Vigil => RepoPaths.Vigil;

    [Fact]
    public void KitsList_GoodAndBrokenKits_ListsTypesAndLoadErrorsAndExitsOne()
    {
        using var kits = new TempKits("Kit.Alpha", "Kit.LoadFails");

        var (code, output) = Shell.RunWithin(TimeSpan.FromSeconds(60), Vigil, "kits", "list", "--kits-dir", kits.Directory, "--json");

        Assert.Equal(1, code);
        Assert.Contains("\"alpha\"", output, StringComparison.Ordinal);
        Assert.Contains("missing /etc/loadfails.conf", output, StringComparison.Ordinal);
    }

    [Fact]
    public void KitsList_MissingDirectory_ExitsTwoNamingIt()
    {
        var (code, output) = Shell.Run(Vigil, "kits", "list", "--kits-dir", "/nonexistent/kits");

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/kits does not exist", output, StringComparison.Ordinal);
    }
}
