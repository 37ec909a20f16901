using Vigil.Daemon.Alerts;
using Vigil.Engine;

namespace Vigil.Daemon.Configuration;

/// <summary>The alert hooks (<c>[alert NAME]</c> sections) and the metrics scrape (<c>[cluster] metrics</c>).</summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] AlertKeys =
        ["events", "script", "webhook", "secret", "secret-file", "secret-header", "timeout-ms", "retry-initial-ms", "retry-max-ms", "max-pending"];

    private static readonly string[] MetricsClusterKeys = ["metrics"];

    public IReadOnlyList<AlertHook> Alerts { get; init; } = [];

    /// <summary>Who may scrape <c>GET /metrics</c> on the control API port.</summary>
    public MetricsAccess Metrics { get; init; } = MetricsAccess.Guest;

    /// <summary>Where the alert outbox lives (pending and delivered items, the journal cursor).</summary>
    public string AlertsDir => System.IO.Path.Combine(DataDir, "alerts");

    private static NodeConfig WithAlerts(NodeConfig config, ConfigFile file, SectionReader reader, ConfigSection cluster, string baseDir)
    {
        var metrics = reader.Optional(cluster, "metrics")?.Text switch
        {
            null or "guest" => MetricsAccess.Guest,
            "open" => MetricsAccess.Open,
            "off" => MetricsAccess.Off,
            var other => throw reader.Error(cluster, "metrics", $"'{other}' is not guest, open or off"),
        };
        var types = EngineEvents.Serializer.Registry.Types.Select(EngineEvents.Serializer.Registry.NameOf).ToList();
        var hooks = new List<AlertHook>();
        foreach (var s in file.Sections.Where(s => s.Kind == "alert"))
        {
            if (s.Name is null || hooks.Any(h => h.Name == s.Name))
            {
                throw new ConfigException(file.Path, s.Line, $"[{s.Title}]", s.Name is null ? "an alert section needs a name: [alert NAME]" : "this alert is described twice");
            }

            reader.OnlyKeys(s, AlertKeys);
            var (filter, problem) = AlertEventFilter.Parse(reader.Required(s, "events").Text, types);
            if (problem is not null)
            {
                throw reader.Error(s, "events", problem);
            }

            hooks.Add(ReadHook(s, filter!, reader, baseDir));
        }

        return config with { Alerts = hooks, Metrics = metrics };
    }

    private static AlertHook ReadHook(ConfigSection s, AlertEventFilter filter, SectionReader reader, string baseDir)
    {
        var script = reader.Optional(s, "script");
        var webhook = reader.Optional(s, "webhook");
        if ((script is null) == (webhook is null))
        {
            throw new ConfigException(reader.FilePath, s.Line, $"{s.Title}.script", "give exactly one of 'script = /path' or 'webhook = https://…'");
        }

        Uri? url = null;
        if (webhook is not null && (!Uri.TryCreate(webhook.Text, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http")))
        {
            throw reader.Error(s, "webhook", $"'{webhook.Text}' is not an http(s) URL");
        }

        if (url is { UserInfo.Length: > 0 })
        {
            throw reader.Error(s, "webhook", "put no credentials in the URL (it is logged): use 'secret-file' and 'secret-header'");
        }

        string? scriptPath = null;
        if (script is not null)
        {
            scriptPath = System.IO.Path.GetFullPath(script.Text, baseDir);
            if (!File.Exists(scriptPath))
            {
                throw reader.Error(s, "script", $"'{scriptPath}' does not exist");
            }
        }

        return new AlertHook(s.Name!, filter, scriptPath, url)
        {
            Secret = ReadSecret(s, reader, baseDir),
            SecretHeader = reader.Optional(s, "secret-header")?.Text ?? "X-Vigil-Secret",
            Timeout = Millis(s, reader, "timeout-ms", 30_000),
            RetryInitial = Millis(s, reader, "retry-initial-ms", 1_000),
            RetryMax = Millis(s, reader, "retry-max-ms", 300_000),
            MaxPending = reader.Optional(s, "max-pending") is null ? 10_000 : (int)reader.Integer(s, "max-pending", 1, 1_000_000),
        };
    }

    private static string? ReadSecret(ConfigSection s, SectionReader reader, string baseDir)
    {
        if (reader.Optional(s, "secret") is { } inline)
        {
            return reader.Optional(s, "secret-file") is null
                ? inline.Text
                : throw reader.Error(s, "secret-file", "give 'secret' or 'secret-file', not both");
        }

        if (reader.Optional(s, "secret-file") is not { } fileValue)
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(fileValue.Text, baseDir);
        // The value is never echoed in an error: only the file.
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } secret
            ? secret
            : throw reader.Error(s, "secret-file", $"'{path}' does not exist or is empty");
    }

    private static TimeSpan Millis(ConfigSection s, SectionReader reader, string key, long fallback) =>
        TimeSpan.FromMilliseconds(reader.Optional(s, key) is null ? fallback : reader.Integer(s, key, 1, 86_400_000));
}
