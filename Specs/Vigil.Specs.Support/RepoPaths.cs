namespace Vigil.Specs.Support;

/// <summary>Where the repository and the binaries the build produced are, for specs that run them as operators do.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding engine.sln, found upwards from the test binary.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the running specs were built with.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The `vigil` command built from Hosts/Vigil.Cli.</summary>
    public static string Vigil => Path.Combine(Root, "Hosts", "Vigil.Cli", "bin", Configuration, "net10.0", "vigil");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("engine.sln not found above " + AppContext.BaseDirectory);
    }
}
