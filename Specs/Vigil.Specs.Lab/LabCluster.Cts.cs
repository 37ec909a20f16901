using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Specs.Lab;

/// <summary>What the runtime specs (adapted from Pacemaker's CTS) need besides crashing: graceful stops, faster checks, killing an application.</summary>
internal sealed partial class LabCluster
{
    /// <summary>Stops a node's vigild gracefully (SIGTERM, as systemd would); its applications keep running.</summary>
    public void Stop(string node) => Cli.Lab.LabController.Stop(Node(node));

    /// <summary>Whether the lab's own record says the node's vigild runs (not crashed, not stopped).</summary>
    public bool IsUp(string node) => Cli.Lab.LabController.IsRunning(Node(node));

    /// <summary>Sets <c>[cluster] quickcheck-interval-ms</c> in every node's config (before the nodes start).</summary>
    public void SetQuickCheckInterval(int milliseconds)
    {
        foreach (var n in Nodes)
        {
            var text = File.ReadAllText(ConfigPath(n));
            File.WriteAllText(ConfigPath(n), Regex.Replace(text, @"^\[cluster\]$", string.Create(CultureInfo.InvariantCulture, $"[cluster]\nquickcheck-interval-ms = {milliseconds}"), RegexOptions.Multiline));
        }
    }

    /// <summary>
    /// Kills <paramref name="tag"/>'s application on <paramref name="node"/> (SIGKILL, the pid from its pid file), as a
    /// crash of the application alone, and returns its pid once that process is gone (a signal is not death yet).
    /// </summary>
    public async Task<int> KillApplicationAsync(string tag, string node)
    {
        var pid = RunningPid(tag, node) ?? throw new InvalidOperationException($"{tag} does not run on {node}");
        using (var p = System.Diagnostics.Process.GetProcessById(pid))
        {
            p.Kill();
        }

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(RunningPid(tag, node) != pid), TimeSpan.FromSeconds(10)), $"{tag}'s pid {pid} survived SIGKILL");
        return pid;
    }
}
