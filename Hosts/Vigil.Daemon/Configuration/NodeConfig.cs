using System.Globalization;
using System.Net;
using Vigil.Daemon.Quorum;
using Vigil.Membership;

namespace Vigil.Daemon.Configuration;

/// <summary>The validated configuration of one vigild. See docs/operations.md for the file format.</summary>
internal sealed partial record NodeConfig(
    string Path,
    string ClusterName,
    string KeyFile,
    string CertificateFile,
    long ConfigVersion,
    HeartbeatProfile Heartbeat,
    IReadOnlyList<string> Paths,
    IReadOnlyList<PeerConfig> Nodes,
    string LocalNode,
    string DataDir)
{
    public static readonly string[] KnownPaths = ["udp", "tcp", "disk"];

    public PeerConfig Local => Nodes.First(n => n.Name == LocalNode);

    public IEnumerable<PeerConfig> Peers => Nodes.Where(n => n.Name != LocalNode);

    public string JournalDir => System.IO.Path.Combine(DataDir, "journal");

    public string RaftDir => System.IO.Path.Combine(DataDir, "raft");

    public static NodeConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(path, 0, "file", "does not exist");
        }

        return From(ConfigFile.Parse(path, File.ReadAllText(path)));
    }

    public static NodeConfig From(ConfigFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file.Path))!;
        var reader = new SectionReader(file);
        foreach (var s in file.Sections.Where(s => s.Kind is not ("cluster" or "node" or "local" or "type" or "alert" or "fence" or "journal")))
        {
            throw new ConfigException(file.Path, s.Line, $"[{s.Title}]", "unknown section (expected [cluster], [node NAME], [local], [type NAME], [alert NAME], [fence] or [journal])");
        }

        var cluster = reader.Single("cluster");
        var local = reader.Single("local");
        reader.OnlyKeys(cluster, ["name", "key-file", "certificate", "config-version", "heartbeat", "heartbeat-interval-ms", "heartbeat-miss-count", "paths", "quickcheck-interval-ms", "deepcheck-interval-ms", .. DetectionClusterKeys, .. QuorumClusterKeys, .. ControlApiClusterKeys, .. MetricsClusterKeys, .. MirrorClusterKeys, .. ConsensusClusterKeys]);
        reader.OnlyKeys(local, ["node", "data-dir", "kits", "join", .. MirrorLocalKeys]);

        var paths = reader.Required(cluster, "paths").Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var p in paths)
        {
            if (!KnownPaths.Contains(p))
            {
                throw reader.Error(cluster, "paths", $"unknown comm path '{p}' (known: {string.Join(", ", KnownPaths)})");
            }
        }

        if (paths.Length == 0 || paths.Distinct().Count() != paths.Length)
        {
            throw reader.Error(cluster, "paths", "list each comm path once, at least one");
        }

        var profile = reader.Optional(cluster, "heartbeat")?.Text switch
        {
            null or "default" => HeartbeatProfile.Default,
            "fast" => HeartbeatProfile.Fast,
            var other => throw reader.Error(cluster, "heartbeat", $"'{other}' is not a profile (default or fast)"),
        };
        if (reader.Optional(cluster, "heartbeat-interval-ms") is not null)
        {
            profile = profile with { Interval = TimeSpan.FromMilliseconds(reader.Integer(cluster, "heartbeat-interval-ms", 1, 60_000)) };
        }

        if (reader.Optional(cluster, "heartbeat-miss-count") is not null)
        {
            profile = profile with { MissCount = (int)reader.Integer(cluster, "heartbeat-miss-count", 1, 1000) };
        }

        profile = ReadHysteresis(reader, cluster, profile);
        if (profile.Problem() is { } bad)
        {
            throw reader.Error(cluster, "heartbeat", bad);
        }

        var quorum = ReadQuorum(reader, cluster, profile);

        var nodes = new List<PeerConfig>();
        foreach (var s in file.Sections.Where(s => s.Kind == "node"))
        {
            if (s.Name is null)
            {
                throw new ConfigException(file.Path, s.Line, "[node]", "a node section needs a name: [node NAME]");
            }

            if (nodes.Any(n => n.Name == s.Name))
            {
                throw new ConfigException(file.Path, s.Line, $"[node {s.Name}]", "this node is described twice");
            }

            reader.OnlyKeys(s, [.. KnownPaths, "raft", "relay", "role", "id", .. ControlApiNodeKeys, .. FenceNodeKeys]);
            var role = reader.Optional(s, "role")?.Text ?? "member";
            if (role is not ("member" or "witness"))
            {
                throw reader.Error(s, "role", $"'{role}' is not a role (member or witness)");
            }

            nodes.Add(new PeerConfig(
                s.Name,
                // The heartbeat id: the position in the file, unless given (a joining node's file lists only itself).
                reader.Optional(s, "id") is null ? (ushort)nodes.Count : (ushort)reader.Integer(s, "id", 0, ushort.MaxValue),
                paths.Contains("udp") ? reader.Endpoint(s, "udp") : null,
                paths.Contains("tcp") ? reader.Endpoint(s, "tcp") : null,
                paths.Contains("disk") ? System.IO.Path.GetFullPath(reader.Required(s, "disk").Text, baseDir) : null,
                reader.Endpoint(s, "raft"),
                role == "witness",
                reader.Optional(s, "api") is null ? null : reader.Endpoint(s, "api"))
            {
                Relay = reader.Optional(s, "relay") is null ? null : reader.Endpoint(s, "relay"),
            });
        }

        if (nodes.Count == 0)
        {
            throw new ConfigException(file.Path, cluster.Line, "[node NAME]", "no nodes are described");
        }

        if (nodes.Count(n => !n.Witness) == 2 && nodes.Count(n => n.Witness) == 0 && quorum.Mode != QuorumMode.None)
        {
            // Two voters cannot form a majority without each other: one failure would stop the cluster, and letting
            // each side act alone is split brain. A witness breaks the tie; 'quorum = none' accepts the risk explicitly.
            throw new ConfigException(file.Path, cluster.Line, "[node NAME]",
                "a two-node cluster needs a witness: add a third [node NAME] section with 'role = witness' (it votes and beats, and holds no resources), or set 'quorum = none' in [cluster] to run without one (no lease and no quorum-loss action: a node that is cut off keeps its resources running, and the other cannot take them over without its vote)");
        }

        if (nodes.All(n => n.Witness))
        {
            throw new ConfigException(file.Path, cluster.Line, "[node NAME]", "every node is a witness: at least one must be a member that holds resources");
        }

        var localName = reader.Required(local, "node").Text;
        if (nodes.All(n => n.Name != localName))
        {
            throw reader.Error(local, "node", $"'{localName}' is not one of the [node] sections ({string.Join(", ", nodes.Select(n => n.Name))})");
        }

        var config = new NodeConfig(
            file.Path,
            reader.Required(cluster, "name").Text,
            System.IO.Path.GetFullPath(reader.Required(cluster, "key-file").Text, baseDir),
            System.IO.Path.GetFullPath(reader.Required(cluster, "certificate").Text, baseDir),
            reader.Integer(cluster, "config-version", 1, long.MaxValue),
            profile,
            paths,
            nodes,
            localName,
            System.IO.Path.GetFullPath(reader.Required(local, "data-dir").Text, baseDir))
        {
            KitsDir = reader.Optional(local, "kits") is { } kits ? System.IO.Path.GetFullPath(kits.Text, baseDir) : DefaultKitsDir,
            Checks = ReadChecks(file, reader, cluster),
            Quorum = quorum,
            Fencing = ReadFencing(file, reader, baseDir),
            OwnerStall = ReadOwnerStall(reader, cluster, quorum),
            HeartbeatRealtimePriority = ReadRealtimePriority(reader, cluster),
            Join = ReadJoin(reader, local),
            ConsensusTimings = ReadConsensusTimings(reader, cluster, profile),
            LeaderAvoidsResources = ReadLeaderPlacement(reader, cluster),
        };
        config = WithMirror(WithAlerts(WithControlApi(config, reader, cluster, baseDir), file, reader, cluster, baseDir), reader, cluster, local, baseDir);
        return WithJournal(config, file, reader, baseDir);
    }

    private sealed class SectionReader(ConfigFile file)
    {
        public string FilePath => file.Path;

        public ConfigSection Single(string kind)
        {
            var found = file.Sections.Where(s => s.Kind == kind).ToList();
            return found.Count switch
            {
                1 => found[0],
                0 => throw new ConfigException(file.Path, 0, $"[{kind}]", "missing section"),
                _ => throw new ConfigException(file.Path, found[1].Line, $"[{kind}]", $"appears twice (first on line {found[0].Line})"),
            };
        }

        public void OnlyKeys(ConfigSection s, params string[] keys)
        {
            foreach (var (key, value) in s.Values)
            {
                if (!keys.Contains(key))
                {
                    throw new ConfigException(file.Path, value.Line, $"{s.Title}.{key}", $"unknown setting (known: {string.Join(", ", keys)})");
                }
            }
        }

        public ConfigValue Required(ConfigSection s, string key) =>
            s.Values.TryGetValue(key, out var v) && v.Text.Length > 0
                ? v
                : throw new ConfigException(file.Path, s.Line, $"{s.Title}.{key}", "required setting is missing");

        public ConfigValue? Optional(ConfigSection s, string key) => s.Values.GetValueOrDefault(key);

        public long Integer(ConfigSection s, string key, long min, long max)
        {
            var v = Required(s, key);
            return long.TryParse(v.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new ConfigException(file.Path, v.Line, $"{s.Title}.{key}", $"'{v.Text}' is not a whole number from {min} to {max}");
        }

        public IPEndPoint Endpoint(ConfigSection s, string key)
        {
            var v = Required(s, key);
            return IPEndPoint.TryParse(v.Text, out var ep) && ep.Port != 0
                ? ep
                : throw new ConfigException(file.Path, v.Line, $"{s.Title}.{key}", $"'{v.Text}' is not an address:port");
        }

        public ConfigException Error(ConfigSection s, string key, string problem) =>
            new(file.Path, s.Values.TryGetValue(key, out var v) ? v.Line : s.Line, $"{s.Title}.{key}", problem);
    }
}
