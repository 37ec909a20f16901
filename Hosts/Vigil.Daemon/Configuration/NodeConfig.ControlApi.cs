namespace Vigil.Daemon.Configuration;

/// <summary>The control API settings: <c>[node X] api</c>, <c>[cluster] credentials</c> and <c>[cluster] api-tls</c>.</summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] ControlApiClusterKeys = ["credentials", "api-tls"];
    private static readonly string[] ControlApiNodeKeys = ["api"];

    /// <summary>The users file (name, role, PBKDF2 hash); required when any node runs the control API.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>True (default): the API speaks HTTPS with the cluster certificate. False only when every API address is loopback.</summary>
    public bool ApiTls { get; init; } = true;

    private static NodeConfig WithControlApi(NodeConfig config, SectionReader reader, ConfigSection cluster, string baseDir)
    {
        var withApi = config.Nodes.Where(n => n.Api is not null).ToList();
        var credentials = reader.Optional(cluster, "credentials");
        if (withApi.Count > 0 && credentials is null)
        {
            throw new ConfigException(config.Path, cluster.Line, $"{cluster.Title}.credentials",
                $"required when a node has an 'api' address ({withApi[0].Name} has): the users file made by 'vigil cluster init'");
        }

        var tls = reader.Optional(cluster, "api-tls")?.Text switch
        {
            null or "on" => true,
            "off" => false,
            var other => throw reader.Error(cluster, "api-tls", $"'{other}' is not on or off"),
        };
        if (!tls && withApi.FirstOrDefault(n => !System.Net.IPAddress.IsLoopback(n.Api!.Address)) is { } exposed)
        {
            // Basic credentials travel in the clear without TLS: only a loopback address keeps them on this machine.
            throw reader.Error(cluster, "api-tls", $"'off' is allowed only when every api address is loopback, and {exposed.Name}'s is {exposed.Api}");
        }

        return config with
        {
            CredentialsFile = credentials is null ? null : System.IO.Path.GetFullPath(credentials.Text, baseDir),
            ApiTls = tls,
        };
    }
}
