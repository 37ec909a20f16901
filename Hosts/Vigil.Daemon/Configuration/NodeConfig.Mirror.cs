namespace Vigil.Daemon.Configuration;

/// <summary>
/// Mirroring: <c>[cluster] mirror-port</c> (turns it on: every member runs vigil-repd listening on that port at its Raft
/// address) and <c>mirror-secret</c> (the peer links' shared secret file); <c>[local] repd</c> and <c>mirror-dir</c>.
/// </summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] MirrorClusterKeys = ["mirror-port", "mirror-secret"];
    private static readonly string[] MirrorLocalKeys = ["repd", "mirror-dir", .. MirrorNbdLocalKeys, .. MirrorIoLocalKeys];

    /// <summary>The node's vigil-repd, or null when mirroring is off.</summary>
    public MirrorSettings? Mirror { get; init; }

    private static NodeConfig WithMirror(NodeConfig config, SectionReader reader, ConfigSection cluster, ConfigSection local, string baseDir)
    {
        if (reader.Optional(cluster, "mirror-port") is null)
        {
            foreach (var key in new[] { "mirror-secret" })
            {
                if (reader.Optional(cluster, key) is not null)
                {
                    throw reader.Error(cluster, key, "set only with [cluster] mirror-port (mirroring is off without it)");
                }
            }

            if (MirrorNbdLocalKeys.Concat(MirrorIoLocalKeys).FirstOrDefault(k => reader.Optional(local, k) is not null) is { } nbdKey)
            {
                throw reader.Error(local, nbdKey, "set only with [cluster] mirror-port (mirroring is off without it)");
            }

            return config;
        }

        var port = (int)reader.Integer(cluster, "mirror-port", 1, 65535);
        var secret = System.IO.Path.GetFullPath(reader.Required(cluster, "mirror-secret").Text, baseDir);
        var repd = reader.Optional(local, "repd") is { } r ? System.IO.Path.GetFullPath(r.Text, baseDir) : System.IO.Path.Combine(AppContext.BaseDirectory, "repd", "vigil-repd.dll");
        var dir = reader.Optional(local, "mirror-dir") is { } d ? System.IO.Path.GetFullPath(d.Text, baseDir) : System.IO.Path.Combine(config.DataDir, "repd");
        return config with { Mirror = new MirrorSettings(port, secret, repd, dir) { NbdArgs = [.. MirrorNbdArgs(reader, local, baseDir), .. MirrorIoArgs(reader, local)] } };
    }
}
