using System.Diagnostics;
using System.Text.Json;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>
/// One-time costs paid when the host starts instead of by its first action — on a backup, the first action is the
/// first restore of a failover, and on a loaded machine the cold path (the protocol's JSON contracts, each type's
/// describe, the runtime's first child process) cost it several hundred milliseconds. Nothing of a resource runs:
/// describe only reads definitions (with no parameters) and the child process is <c>true</c>. It runs in the
/// background; requests are served meanwhile.
/// </summary>
public sealed partial class KitHostServer
{
    /// <summary>Whether <see cref="RunAsync"/> warms up after loading the kits (on by default).</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Completes when the warm-up has finished (at once when it is off or has not started).</summary>
    public Task WarmedUp { get; private set; } = Task.CompletedTask;

    private void StartWarmUp()
    {
        if (WarmUp)
        {
            WarmedUp = Task.Run(WarmUpAsync);
        }
    }

    private async Task WarmUpAsync()
    {
        var started = Stopwatch.GetTimestamp();
        List<ResourceType> types;
        lock (_catalogLock)
        {
            types = [.. _catalog.Describe().SelectMany(k => k.Types).Select(t => _catalog.TryFind(t.Name, out _, out var type) ? type : null).OfType<ResourceType>()];
        }

        var definitions = new List<ResourceTypeDefinition>();
        foreach (var type in types)
        {
            try
            {
                definitions.Add(await type.DescribeAsync(new Dictionary<string, string>(), CancellationToken.None).ConfigureAwait(false));
            }
#pragma warning disable CA1031 // a describe that needs parameters (OCF) is not an error here
            catch (Exception)
#pragma warning restore CA1031
            {
                definitions.Add(type.Definition);
            }
        }

        // The protocol's contracts, both ways, as a run and a describe use them.
        var request = new HostRequest
        {
            Op = "run",
            Run = new KitActionRequest { Type = "warm-up", Action = KitAction.Restore, Tag = "warm-up", Id = "warm-up", Node = "warm-up", Parameters = new Dictionary<string, string>(), Timeout = TimeSpan.FromSeconds(1) },
        };
        _ = JsonSerializer.Deserialize<HostRequest>(JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJson.Options), ProtocolJson.Options);
        _ = JsonSerializer.SerializeToUtf8Bytes(new HostResponse { Result = ActionResult.Success("warm-up"), Definition = definitions.FirstOrDefault() }, ProtocolJson.Options);

        var child = await StartChildAsync().ConfigureAwait(false);
        WriteLog($"info [host] warm-up done in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms: {definitions.Count} types described, {child}");
    }

    /// <summary>Starts <c>true</c> with its streams redirected, as script kits start their scripts.</summary>
    private static async Task<string> StartChildAsync()
    {
        var info = new ProcessStartInfo("true")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return "no child process";
            }

            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            await Task.WhenAll(output, errors).ConfigureAwait(false);
            return "one child process started";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or OperationCanceledException or IOException)
        {
            return $"no child process ({ex.Message})";
        }
    }
}
