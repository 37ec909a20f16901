using System.Diagnostics;
using System.Globalization;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;

namespace Vigil.Specs.Lab;

/// <summary>
/// One namespace lab run shared by <see cref="NotifyRecordSpecs"/>: alert hooks on every node (one that hangs, one that
/// records, a webhook that never answers, with a secret), a GenApp resource on node1 extended to node2 and node3,
/// metrics scraped on node2 before and after node1 is crashed, then node1 restarted. The specs read what it left.
/// </summary>
public sealed class NotifyLab : IAsyncLifetime
{
    public const string WebhookSecret = "whk-6f1d0c2b9e-never-log-me";
    private LabCluster? _lab;

    internal LabCluster Lab => _lab!;

    public string MetricsBefore { get; private set; } = "";

    public string MetricsAfter { get; private set; } = "";

    /// <summary>When node2's journal recorded the failover to it as completed (its stamp).</summary>
    public DateTimeOffset FailoverCompleted { get; private set; }

    /// <summary>node1's journal as read right after the crash (before it restarted).</summary>
    internal List<Vigil.Journal.RecordedEvent> CrashedJournal { get; private set; } = [];

    public string AlertsDir => Path.Combine(Lab.Dir, "alert-out");

    public async Task InitializeAsync()
    {
        Assert.True(Shell.IsRoot, "the notification lab specs need root (CI runs as root); run scripts/test.sh as root");
        _lab = LabCluster.Create(3, namespaces: true);
        Directory.CreateDirectory(AlertsDir);
        // Hangs on node1's death only: a late starter may be declared dead at start-up, and that must not block the queue.
        const string Node1Dead = "'\"data\":{\"node\":\"node1\"'";
        var hang = Lab.WriteScript("hook-hang.sh", $"""
            input=$(cat)
            case "$input" in *{Node1Dead}*) ;; *) exit 0 ;; esac
            echo "$VIGIL_NODE $VIGIL_EVENT_ID $(date +%s.%N) $$" >> {AlertsDir}/hang-started.txt
            exec sleep 600
            """);
        var record = Lab.WriteScript("hook-record.sh", $"""
            cat > {AlertsDir}/$VIGIL_NODE-$VIGIL_EVENT_ID.json
            echo "$VIGIL_NODE $VIGIL_MATCHED $VIGIL_EVENT_ID" >> {AlertsDir}/record.txt
            """);
        foreach (var n in Lab.Nodes)
        {
            File.AppendAllText(Lab.ConfigPath(n), $"""

                [alert stuck]
                events = node.dead
                script = {hang}
                timeout-ms = 3600000

                [alert record]
                events = node.dead, failover, resource.osf
                script = {record}

                [alert pager]
                events = node.dead
                webhook = http://10.77.0.250:9/never
                secret = {WebhookSecret}
                timeout-ms = 500
                retry-initial-ms = 100
                retry-max-ms = 400

                """);
        }

        foreach (var n in Lab.Nodes)
        {
            await Lab.StartAsync(n);
        }

        await Lab.WaitForKitsAsync();
        await Lab.CreateGenAppAsync("notify-app", "node1");
        await Lab.SubmitAsync(new ConfigurationCommands.ExtendResource("notify-app", "node2", 2));
        await Lab.SubmitAsync(new ConfigurationCommands.ExtendResource("notify-app", "node3", 3));
        await Lab.SubmitAsync(new OperatorCommands.RestoreResource("notify-app", "node1"));
        await Lab.WaitForOperationCompletedAsync("node1");
        MetricsBefore = await ScrapeAsync("node2", "guest");

        Lab.Crash("node1");
        var completed = await Lab.WaitForEventAsync("node2", e => e is OperationEvents.OperationCompleted { Node: "node2" }, TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("the failover to node2 never completed:\n" + Lab.LogTails());
        FailoverCompleted = completed.Envelope.Timestamp;
        CrashedJournal = await Lab.ReadJournalAsync("node1");
        await Poll.UntilAsync(async () => (MetricsAfter = await ScrapeAsync("node2", "guest")).Contains("vigil_failover_latency_seconds_count", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        await Lab.StartAsync("node1");
        await Lab.WaitForEventAsync("node2", e => e is NodeEvents.NodeRejoined { Node: "node1" }, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    /// <summary>GET /metrics on a node from the lab's client namespace (curl; -k: the cluster certificate names no address).</summary>
    internal async Task<string> ScrapeAsync(string node, string? role) => (await CurlAsync(node, "GET", "/metrics", role)).Body;

    /// <summary>An HTTP request to a node's control API from the client namespace: status code and body.</summary>
    internal async Task<(int Status, string Body)> CurlAsync(string node, string method, string path, string? role, string? body = null)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "netns", "exec", Lab.ClientNamespace, "curl", "-sk", "-X", method, "-w", "\n%{http_code}", "--max-time", "5" })
        {
            psi.ArgumentList.Add(a);
        }

        if (role is not null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add($"{role}:{LabCredentials.Password(Lab.Dir, role)}");
        }

        if (body is not null)
        {
            psi.ArgumentList.Add("-H");
            psi.ArgumentList.Add("Content-Type: application/json");
            psi.ArgumentList.Add("--data-binary");
            psi.ArgumentList.Add("@-");
        }

        psi.ArgumentList.Add($"https://{LabController.ApiAddress(Lab.State, Lab.State.Node(node))}{path}");
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(body ?? "");
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        var cut = output.LastIndexOf('\n');
        return (int.Parse(output[(cut + 1)..].Trim(), CultureInfo.InvariantCulture), output[..Math.Max(cut, 0)]);
    }
}
