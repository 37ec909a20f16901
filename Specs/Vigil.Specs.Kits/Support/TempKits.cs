namespace Vigil.Specs.Kits.Support;

/// <summary>A throwaway kits directory holding copies of chosen kits from bin/.../kits.</summary>
internal sealed class TempKits : IDisposable
{
    public static readonly string Built = Path.Combine(AppContext.BaseDirectory, "kits");

    public TempKits(params string[] kits)
    {
        Directory = Path.Combine(Path.GetTempPath(), "vigil-kits-spec-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var kit in kits)
        {
            Add(kit);
        }
    }

    public string Directory { get; }

    public void Add(string kit)
    {
        var source = Path.Combine(Built, kit);
        var target = Path.Combine(Directory, kit);
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public KitHostClient Client(IReadOnlyList<string>? prefix = null, TimeSpan? grace = null) => new(new KitHostOptions
    {
        KitsDirectory = Directory,
        HostPath = Path.Combine(AppContext.BaseDirectory, "vigil-kithost.dll"),
        CommandPrefix = prefix ?? [],
        Grace = grace ?? TimeSpan.FromSeconds(10),
    });

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
