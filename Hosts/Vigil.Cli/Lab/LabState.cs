using System.Text.Json;

namespace Vigil.Cli.Lab;

/// <summary>What `vigil lab` remembers about a lab between commands: <c>DIR/lab.json</c>.</summary>
internal sealed record LabState(string Profile, string Paths, List<LabNode> Nodes)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string FileIn(string dir) => Path.Combine(dir, "lab.json");

    public static LabState Load(string dir)
    {
        var file = FileIn(dir);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"{dir} is not a lab directory (no lab.json): run 'vigil lab up --dir {dir}' first");
        }

        return JsonSerializer.Deserialize<LabState>(File.ReadAllText(file), Json)
            ?? throw new InvalidDataException($"{file}: empty lab state");
    }

    public void Save(string dir) => File.WriteAllText(FileIn(dir), JsonSerializer.Serialize(this, Json));
}
