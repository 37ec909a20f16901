namespace Vigil.Specs.Kits.Support;

/// <summary>Writes small executable scripts into a temp folder for one spec class.</summary>
internal sealed class Scripts : IDisposable
{
    public Scripts() => System.IO.Directory.CreateDirectory(Directory);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vigil-scripts-" + Guid.NewGuid().ToString("N")[..8]);

    public string Write(string name, string body)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, body.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
