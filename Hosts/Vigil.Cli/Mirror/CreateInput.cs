using System.Globalization;
using System.Net;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// The raw text of <c>vigil mirror create</c>'s options, turned into a <see cref="MirrorSpec"/>. Every
/// refusal names the option and the value, so the operator can fix the command line.
/// </summary>
internal sealed record CreateInput(
    string Name,
    string? Volume,
    string? Size,
    string Mode,
    string? Primary,
    IReadOnlyList<string> Nodes,
    string? ExportSocket,
    int ExportPort,
    string ChunkSize,
    string ResyncRate,
    string AsyncWindow)
{
    public MirrorSpec ToSpec()
    {
        if (this.Name.Length == 0 || this.Name.Contains('/', StringComparison.Ordinal) || this.Name.Any(char.IsWhiteSpace))
        {
            throw Bad($"mirror name '{this.Name}' must be non-empty without '/' or spaces (it is also the NBD export name)");
        }

        var volume = this.Volume ?? throw Bad("--volume is required: this node's backing file or block device");
        var size = Bytes("--size", this.Size ?? throw Bad("--size is required (e.g. 10G)"), min: 1);
        var mode = this.Mode.ToLowerInvariant() switch
        {
            "sync" => MirrorMode.Sync,
            "async" => MirrorMode.Async,
            _ => throw Bad($"--mode '{this.Mode}' must be sync or async"),
        };
        var nodes = this.Nodes.Select(ParseNode).ToList();
        if (nodes.Count < 2)
        {
            throw Bad($"--node given {nodes.Count} time(s): a mirror needs every node holding a copy, the primary included (at least 2)");
        }

        if (nodes.GroupBy(n => n.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Bad($"--node '{twice.Key}' is given more than once");
        }

        var primary = this.Primary ?? throw Bad("--primary is required: the node whose data is the initial truth");
        if (nodes.All(n => n.Name != primary))
        {
            throw Bad($"--primary '{primary}' is not one of the --node names ({string.Join(", ", nodes.Select(n => n.Name))})");
        }

        if (this.ExportPort is < 0 or > 65535)
        {
            throw Bad($"--export-port '{this.ExportPort}' must be between 0 (none) and 65535");
        }

        var chunk = Bytes("--chunk-size", this.ChunkSize, min: 4096);
        if ((chunk & (chunk - 1)) != 0 || chunk > int.MaxValue)
        {
            throw Bad($"--chunk-size '{this.ChunkSize}' must be a power of two (e.g. 64K)");
        }

        return new MirrorSpec(
            this.Name,
            Path.GetFullPath(volume),
            size,
            mode,
            primary,
            nodes,
            this.ExportSocket is null ? null : Path.GetFullPath(this.ExportSocket),
            this.ExportPort,
            (int)chunk,
            Bytes("--resync-rate", this.ResyncRate, min: 0),
            Bytes("--async-window", this.AsyncWindow, min: 1));
    }

    private static MirrorNode ParseNode(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw Bad($"--node '{text}' must be NAME=HOST:PORT (e.g. n2=10.0.0.2:7789)");
        }

        var colon = parts[1].LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(parts[1][(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Bad($"--node '{text}': '{parts[1]}' must be HOST:PORT with a port from 1 to 65535");
        }

        if (!IPEndPoint.TryParse(parts[1], out _) && Uri.CheckHostName(parts[1][..colon]) == UriHostNameType.Unknown)
        {
            throw Bad($"--node '{text}': '{parts[1][..colon]}' is not a host name or IP address");
        }

        return new MirrorNode(parts[0], parts[1]);
    }

    private static long Bytes(string option, string text, long min)
        => SizeText.TryParse(text, out var bytes) && bytes >= min
            ? bytes
            : throw Bad($"{option} '{text}' is not a size of at least {min} bytes (e.g. 1073741824, 512M, 10G)");

    private static ArgumentException Bad(string message) => new(message);
}
