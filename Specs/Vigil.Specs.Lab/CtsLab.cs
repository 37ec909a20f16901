using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// A 3-node namespace lab shared by the runtime specs of one class: quickChecks every 300 ms, GenApp resources whose
/// restore fails on a node while a spec leaves a marker there, and the `vigil` CLI run in-process against it.
/// Each spec uses its own resource tags, so the specs sharing it do not see each other's hierarchies.
/// </summary>
public sealed class CtsLab : IAsyncLifetime
{
    private LabCluster? _lab;

    internal LabCluster Lab => _lab!;

    /// <summary>The GenApp restore the specs use: fails where <see cref="FailRestore"/> left a marker, else runs the shipped template.</summary>
    internal string Restore => Path.Combine(Lab.Dir, "restore-unless-marked");

    public async Task InitializeAsync()
    {
        Assert.True(Shell.IsRoot, "the runtime lab specs need root (CI runs as root); run scripts/test.sh as root");
        _lab = LabCluster.Create(3, namespaces: true);
        _lab.SetQuickCheckInterval(300);
        var template = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash", "restore");
        await File.WriteAllTextAsync(Restore, $"""
            #!/usr/bin/env bash
            # A spec's restore: refused on a node where the spec left a marker, else the shipped GenApp template.
            # A slow one, for a spec that must act while a restore runs.
            if [ -e "$VIGIL_PARAM_STATE_DIR/$VIGIL_NODE/$VIGIL_TAG.slow-restore" ]; then sleep 2; fi
            if [ -e "$VIGIL_PARAM_STATE_DIR/$VIGIL_NODE/$VIGIL_TAG.fail-restore" ]; then
              echo "restore of $VIGIL_TAG refused on $VIGIL_NODE by the spec's marker" >&2
              exit 1
            fi
            exec "{template}" "$@"

            """);
        File.SetUnixFileMode(Restore, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var n in _lab.Nodes)
        {
            Directory.CreateDirectory(Path.Combine(_lab.GenAppStateDir, n));
            await _lab.StartAsync(n);
        }

        await _lab.WaitForKitsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    /// <summary>Makes every later restore of <paramref name="tag"/> on <paramref name="node"/> fail (or succeed again).</summary>
    internal void FailRestore(string tag, string node, bool fail = true) => Mark(tag, node, "fail-restore", fail);

    /// <summary>Makes every later restore of <paramref name="tag"/> on <paramref name="node"/> take 2 s more.</summary>
    internal void SlowRestore(string tag, string node) => Mark(tag, node, "slow-restore", true);

    private void Mark(string tag, string node, string what, bool on)
    {
        var marker = Path.Combine(Lab.GenAppStateDir, node, $"{tag}.{what}");
        if (on)
        {
            File.WriteAllText(marker, "spec\n");
        }
        else
        {
            File.Delete(marker);
        }
    }

    /// <summary>Creates a GenApp resource (a <c>sleep</c>) on <paramref name="node"/> with the marker-aware restore.</summary>
    internal Task CreateAsync(string tag, string node, SwitchbackMode switchback = SwitchbackMode.Intelligent, int? failureThreshold = null)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        var parameters = new Dictionary<string, string>
        {
            ["restore"] = Restore,
            ["remove"] = Path.Combine(templates, "remove"),
            ["quickCheck"] = Path.Combine(templates, "quickCheck"),
            ["recover"] = Path.Combine(templates, "recover"),
            ["command"] = "sleep 100000",
            ["state_dir"] = Lab.GenAppStateDir,
        };
        if (failureThreshold is { } t)
        {
            parameters["vigil.failure-threshold"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Lab.SubmitAsync(new ConfigurationCommands.CreateResource(tag, "genapp", node, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, parameters), switchback));
    }

    /// <summary>Creates <paramref name="tags"/> on node1, each depending on the next (the last is the bottom), extends the top to node2 and node3 at priorities 2 and 3, restores it on node1.</summary>
    internal async Task HierarchyOnNode1Async(string[] tags, SwitchbackMode switchback = SwitchbackMode.Intelligent, int? failureThreshold = null)
    {
        foreach (var tag in tags)
        {
            await CreateAsync(tag, "node1", switchback, failureThreshold);
        }

        for (var i = 0; i + 1 < tags.Length; i++)
        {
            await Lab.SubmitAsync(new ConfigurationCommands.AddDependency(tags[i], tags[i + 1]));
        }

        await Lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tags[0], "node2", 2));
        await Lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tags[0], "node3", 3));
        await Lab.SubmitAsync(new OperatorCommands.RestoreResource(tags[0], "node1"));
        await RunsOnAsync("node1", tags);
        await InServiceAsync("node1", tags);
    }

    /// <summary>Waits (30 s) until the cluster records every one of <paramref name="tags"/> ISP on <paramref name="node"/>: its restore has been reported, not only started.</summary>
    internal async Task InServiceAsync(string node, params string[] tags)
    {
        var settled = await Poll.UntilAsync(
            async () =>
            {
                foreach (var tag in tags)
                {
                    var instance = await StatusInstanceAsync(tag, node);
                    if (instance["state"]!.GetValue<string>() != "ISP" || instance["pendingAction"] is not null)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(30));
        Assert.True(settled, $"{string.Join(", ", tags)} not ISP on {node}; the journal:\n{await StoryAsync(tags)}");
    }

    /// <summary>Waits (30 s) until every one of <paramref name="tags"/> runs on <paramref name="node"/> (ground truth), or fails with the journal's story.</summary>
    internal async Task RunsOnAsync(string node, params string[] tags)
    {
        if (!await Poll.UntilAsync(() => Task.FromResult(tags.All(t => Lab.RunningPid(t, node) is not null)), TimeSpan.FromSeconds(30)))
        {
            Assert.Fail($"{string.Join(", ", tags)} not running on {node}; the journal:\n{await StoryAsync(tags)}");
        }
    }

    /// <summary>The replicated journal as a live node holds it (decisions and the inputs that caused them).</summary>
    internal async Task<List<IVigilEvent>> JournalAsync()
    {
        var reader = Lab.Nodes.First(Lab.IsUp);
        return [.. (await Lab.ReadJournalAsync(reader)).Select(e => e.Envelope.Data)];
    }

    /// <summary>What the journal says about <paramref name="tags"/>, one event a line, for failure messages.</summary>
    internal async Task<string> StoryAsync(params string[] tags) =>
        string.Join('\n', (await JournalAsync()).Select(e => e.ToString() ?? string.Empty).Where(e => tags.Any(t => e.Contains(t, StringComparison.Ordinal))).TakeLast(60));

    /// <summary>What a node's log says about maintenance and adoption (restarts), for failure messages.</summary>
    internal string MaintenanceLog(string node) =>
        "\n" + node + "'s log:\n" + string.Join('\n', Lab.Output(node).Split('\n').Where(l => l.Contains("maintenance", StringComparison.Ordinal) || l.Contains("adopt", StringComparison.Ordinal) || l.Contains("stopping", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Runs `vigil ARGS` in-process through node1's control API (or the first live node's) as <paramref name="role"/>.</summary>
    internal Task<(int Code, string Out, string Err)> VigilAsync(string role, params string[] args) =>
        ControlApiLab.VigilAsync([.. args, "--lab", Lab.Dir, "--lab-node", Lab.Nodes.First(Lab.IsUp), "--as", role]);

    /// <summary>The instance of <paramref name="tag"/> on <paramref name="node"/> as `vigil status --json` shows it.</summary>
    internal async Task<JsonNode> StatusInstanceAsync(string tag, string node)
    {
        var (code, output, error) = await VigilAsync("guest", "status", "--json");
        Assert.True(code == 0, $"vigil status failed ({code}): {error}");
        var resource = JsonNode.Parse(output)!["resources"]!.AsArray().Single(r => r!["tag"]!.GetValue<string>() == tag)!;
        return resource["instances"]!.AsArray().Single(i => i!["node"]!.GetValue<string>() == node)!;
    }

    /// <summary>Starts every node the specs stopped or crashed, and waits until the cluster sees all of them alive again.</summary>
    internal async Task AllUpAsync()
    {
        foreach (var n in Lab.Nodes.Where(n => !Lab.IsUp(n)))
        {
            await Lab.StartAsync(n);
        }

        Assert.True(
            await Poll.UntilAsync(
                async () =>
                {
                    var (code, output, _) = await VigilAsync("guest", "status", "--json");
                    return code == 0 && JsonNode.Parse(output)!["nodes"]!.AsArray().All(n => n!["alive"]?.GetValue<bool>() == true);
                },
                TimeSpan.FromSeconds(60)),
            "the cluster did not see every node alive again");
    }
}
