namespace Vigil.Specs.Unit.Support;

/// <summary>The repository root, found from the test binary's location (specs read docs and scripts).</summary>
internal static class RepoRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("engine.sln not found above " + AppContext.BaseDirectory);
    }
}
