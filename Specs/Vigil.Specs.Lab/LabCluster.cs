using System.Diagnostics;
using Vigil.Cli.Lab;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>The product's own lab (<see cref="LabController"/>, what `vigil lab` runs) in a temporary directory, torn down after each spec.</summary>
internal sealed partial class LabCluster : IAsyncDisposable
{
    private readonly LabController _controller;
    private readonly LabState _state;

    private LabCluster(LabController controller, LabState state)
    {
        _controller = controller;
        _state = state;
    }

    public string Dir => _controller.Dir;

    public string[] Nodes => [.. _state.Nodes.Select(n => n.Name)];

    public byte[] Key => Convert.FromBase64String(File.ReadAllText(Path.Combine(Dir, "cluster.key")));

    public static string Vigild => LabController.Vigild;

    public static LabCluster Create(int count, string paths = "udp, tcp, disk", string heartbeat = "default", bool namespaces = false, bool witness = false, string fencing = "none", string leaderPlacement = "fewest-resources")
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("vigil-lab-").FullName, "lab");
        var controller = new LabController(dir);
        return new LabCluster(controller, controller.Create(count, heartbeat, paths, namespaces, witness: witness, fencing: fencing, leaderPlacement: leaderPlacement));
    }

    public LabController Controller => _controller;

    public LabState State => _state;

    public void Cut(string node, string path, bool heal = false) => _controller.Cut(Node(node), path, heal);

    public string ConfigPath(string node) => _controller.ConfigPath(node);

    public int UdpPort(string node) => Node(node).UdpPort;

    public async Task StartAsync(string node) => Node(node).Pid = await _controller.StartAsync(node, TimeSpan.FromSeconds(60));

    public void Crash(string node) => _controller.Crash(Node(node));

    public string Output(string node) => File.Exists(_controller.LogPath(node)) ? File.ReadAllText(_controller.LogPath(node)) : string.Empty;

    public Task<List<RecordedEvent>> ReadJournalAsync(string node) => _controller.ReadJournalAsync(node);

    /// <summary>The consensus leader as <paramref name="observer"/> last logged it, or null.</summary>
    public string? Leader(string observer)
    {
        var matches = System.Text.RegularExpressions.Regex.Matches(Output(observer), "sees leader (node[0-9]+) in term");
        return matches.Count == 0 ? null : matches[^1].Groups[1].Value;
    }

    /// <summary>Polls a node's journal (read-only, while the node writes it) until an event matches.</summary>
    public async Task<RecordedEvent?> WaitForEventAsync(string node, Func<IVigilEvent, bool> match, TimeSpan timeout)
    {
        RecordedEvent? found = null;
        await Poll.UntilAsync(async () => (found = (await ReadJournalAsync(node)).FirstOrDefault(e => match(e.Envelope.Data))) is not null, timeout);
        return found;
    }

    public ValueTask DisposeAsync()
    {
        _relay?.Dispose();
        if (File.Exists(LabState.FileIn(Dir)))
        {
            var saved = LabState.Load(Dir);
            foreach (var n in _state.Nodes)
            {
                saved.Node(n.Name).Pid = n.Pid;
            }

            saved.Save(Dir);
            _controller.Down();
        }

        Directory.Delete(Path.GetDirectoryName(Dir)!, recursive: true);
        return ValueTask.CompletedTask;
    }

    private LabNode Node(string name) => _state.Nodes.First(n => n.Name == name);
}
