using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Templates;

/// <summary>
/// The `dotnet new vigil-kit` template, end to end: install it from the folder (private template hive),
/// instantiate it into a temp dir pointing at this tree's SDK, run its conformance tests with
/// `dotnet test`, and load the built kit into a real vigil-kithost.
/// </summary>
public sealed class KitTemplateSpecs : IDisposable
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(4);
    private readonly string _work = Directory.CreateTempSubdirectory("vigil-template-").FullName;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "engine.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("engine.sln not found above " + AppContext.BaseDirectory);
    }

    private string DotnetNew(params string[] arguments) =>
        Shell.Check("dotnet", [.. arguments, "--debug:custom-hive", Path.Combine(_work, "hive")]);

    [Fact]
    public async Task DotnetNewVigilKit_InstantiatedAndTested_PassesConformanceAndLoadsInKitHost()
    {
        var root = RepositoryRoot();
        var generated = Path.Combine(_work, "gen");
        DotnetNew("new", "install", Path.Combine(root, "plugin-templates", "kit"));
        DotnetNew("new", "vigil-kit", "-n", "Acme.Kits.Probe", "-o", generated, "--vigilRoot", root, "--TypeName", "probe");

        var (code, output) = Shell.RunWithin(BuildLimit, "dotnet", "test", Path.Combine(generated, "Acme.Kits.Probe.Tests"), "-c", "Release");

        Assert.True(code == 0, output);
        Assert.Contains("Passed!  - Failed:     0, Passed:     7", output, StringComparison.Ordinal);
        using var kits = new TempKits();
        var kitFolder = Path.Combine(kits.Directory, "Acme.Kits.Probe");
        Directory.CreateDirectory(kitFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(generated, "Acme.Kits.Probe", "bin", "Release", "net10.0")))
        {
            File.Copy(file, Path.Combine(kitFolder, Path.GetFileName(file)));
        }

        await using var client = kits.Client();
        var kit = Assert.Single(await client.ListKitsAsync(Requests.Deadline()));
        Assert.True(kit.Loaded, kit.LoadError);
        Assert.Equal("probe", Assert.Single(kit.Types).Name);
        var parameters = new Dictionary<string, string> { ["stateDir"] = Path.Combine(_work, "state") };
        Assert.True((await client.RunAsync(Requests.Run("probe", KitAction.Restore, "p1", parameters), Requests.Deadline())).Succeeded);
        Assert.Equal(CheckState.Healthy, (await client.RunAsync(Requests.Run("probe", KitAction.QuickCheck, "p1", parameters), Requests.Deadline())).Check);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
