using System.Globalization;
using System.Net;

namespace Vigil.Membership;

/// <summary>
/// Everything the heartbeat process needs to beat and judge for one node, as vigild hands it over on the
/// process's standard input (<see cref="Write"/> / <see cref="Read"/>: one "key value" line each, ended by
/// <c>end</c>). The cluster key travels as its file's path, never as key material.
/// </summary>
/// <param name="OwnerStall">How long vigild may fail to tick before the heartbeat process stops beating for it.</param>
/// <param name="Paths">Comm path names; a path's id in frames is its position here.</param>
public sealed record HeartbeatPlan(
    string KeyFile,
    long ConfigVersion,
    long Incarnation,
    ushort LocalId,
    HeartbeatProfile Profile,
    TimeSpan OwnerStall,
    IReadOnlyList<string> Paths,
    IReadOnlyList<PlanNode> Nodes)
{
    /// <summary>The default <see cref="RealtimePriority"/>: above every ordinary process, below the kernel's own real-time threads.</summary>
    public const int DefaultRealtimePriority = 10;

    /// <summary>SCHED_RR priority of the beat and detector threads (1–99), or 0 to stay with nice −11 only.</summary>
    public int RealtimePriority { get; init; } = DefaultRealtimePriority;

    public PlanNode Local => Nodes.First(n => n.Id == LocalId);

    public IEnumerable<PlanNode> Peers => Nodes.Where(n => n.Id != LocalId);

    public void Write(TextWriter to)
    {
        ArgumentNullException.ThrowIfNull(to);
        var c = CultureInfo.InvariantCulture;
        to.Write(string.Create(c, $"key-file {KeyFile}\nconfig-version {ConfigVersion}\nincarnation {Incarnation}\nlocal {LocalId}\n"));
        to.Write(string.Create(c, $"interval-ms {(long)Profile.Interval.TotalMilliseconds}\nmiss-count {Profile.MissCount}\nalive-after {Profile.AliveAfter}\n"));
        to.Write(string.Create(c, $"grace-ms {(long)Profile.Grace.TotalMilliseconds}\nowner-stall-ms {(long)OwnerStall.TotalMilliseconds}\npaths {string.Join(',', Paths)}\n"));
        to.Write(string.Create(c, $"realtime-priority {RealtimePriority}\n"));
        foreach (var n in Nodes)
        {
            to.Write(string.Create(c, $"node {n.Id} {n.Name}\n"));
            if (n.Udp is not null)
            {
                to.Write(string.Create(c, $"udp {n.Id} {n.Udp}\n"));
            }

            if (n.Tcp is not null)
            {
                to.Write(string.Create(c, $"tcp {n.Id} {n.Tcp}\n"));
            }

            if (n.Disk is not null)
            {
                to.Write(string.Create(c, $"disk {n.Id} {n.Disk}\n"));
            }
        }

        to.Write("end\n");
        to.Flush();
    }

    /// <summary>Reads a plan; a malformed one is a <see cref="FormatException"/> naming the line.</summary>
    public static HeartbeatPlan Read(TextReader from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<PlanNode>();
        var number = 0;
        while (from.ReadLine() is { } line && line != "end")
        {
            number++;
            var (key, value) = Split(line, number);
            switch (key)
            {
                case "node":
                    var (id, name) = Split(value, number);
                    nodes.Add(new PlanNode(Id(id, number), name, null, null, null));
                    break;
                case "udp" or "tcp" or "disk":
                    var (of, what) = Split(value, number);
                    var at = nodes.FindIndex(n => n.Id == Id(of, number));
                    if (at < 0)
                    {
                        throw new FormatException($"heartbeat plan line {number}: {key} for node {of} before its node line");
                    }

                    nodes[at] = key switch
                    {
                        "udp" => nodes[at] with { Udp = Endpoint(what, number) },
                        "tcp" => nodes[at] with { Tcp = Endpoint(what, number) },
                        _ => nodes[at] with { Disk = what },
                    };
                    break;
                default:
                    values[key] = value;
                    break;
            }
        }

        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new FormatException($"heartbeat plan: '{key}' is missing");
        long Number(string key) => long.TryParse(Get(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw new FormatException($"heartbeat plan: {key} '{Get(key)}' is not a number");
        var profile = new HeartbeatProfile(TimeSpan.FromMilliseconds(Number("interval-ms")), (int)Number("miss-count"))
        {
            AliveAfter = (int)Number("alive-after"),
            Grace = TimeSpan.FromMilliseconds(Number("grace-ms")),
        };
        var plan = new HeartbeatPlan(Get("key-file"), Number("config-version"), Number("incarnation"), (ushort)Number("local"), profile,
            TimeSpan.FromMilliseconds(Number("owner-stall-ms")), Get("paths").Split(','), nodes)
        {
            // Optional: a plan from a vigild that predates it keeps the default.
            RealtimePriority = values.ContainsKey("realtime-priority") ? (int)Number("realtime-priority") : DefaultRealtimePriority,
        };
        return nodes.Any(n => n.Id == plan.LocalId) ? plan : throw new FormatException($"heartbeat plan: local node {plan.LocalId} is not among the nodes");
    }

    private static (string Key, string Value) Split(string line, int number)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? (line[..space], line[(space + 1)..]) : throw new FormatException($"heartbeat plan line {number}: '{line}' is not 'key value'");
    }

    private static ushort Id(string text, int number) =>
        ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new FormatException($"heartbeat plan line {number}: '{text}' is not a node id");

    private static IPEndPoint Endpoint(string text, int number) =>
        IPEndPoint.TryParse(text, out var ep) ? ep : throw new FormatException($"heartbeat plan line {number}: '{text}' is not an address:port");
}
