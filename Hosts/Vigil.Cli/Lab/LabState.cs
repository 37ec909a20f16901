using System.Text.Json;

namespace Vigil.Cli.Lab;

/// <summary>What `vigil lab` remembers about a lab between commands: <c>DIR/lab.json</c>.</summary>
/// <param name="LabId">Prefix of the lab's namespaces and cgroups (namespace mode), unique per lab directory.</param>
internal sealed record LabState(string Profile, string Paths, List<LabNode> Nodes, bool Namespaces = false, string LabId = "")
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The cluster's quorum mode: majority, or none (no lease; two nodes without a witness).</summary>
    public string Quorum { get; init; } = "majority";

    /// <summary>lab (every node fenced by the lab's fence agent, <see cref="LabFence"/>) or none.</summary>
    public string Fencing { get; init; } = "none";

    /// <summary>The cluster's <c>leader-placement</c>: fewest-resources (vigild's default) or any (Raft alone decides; what a leader-crash test needs).</summary>
    public string LeaderPlacement { get; init; } = "fewest-resources";

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

    public LabNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new ArgumentException($"no node '{name}' in this lab ({string.Join(", ", Nodes.Select(n => n.Name))})");

    public void Save(string dir) => File.WriteAllText(FileIn(dir), JsonSerializer.Serialize(this, Json));
}
