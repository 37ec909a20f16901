using System.Globalization;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Hosting;

/// <summary>A kit that exhausts memory gets the kit host OOM-killed by the kernel: contained like any other crash.</summary>
public sealed class KitHostOomSpecs : IDisposable
{
    // A memory cgroup (v1 here; the spec needs root, as CI has) caps the kit host so the kernel's OOM killer acts.
    private static readonly string Group = $"/sys/fs/cgroup/memory/vigil-kits-oom-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";

    public void Dispose()
    {
        if (Directory.Exists(Group))
        {
            try
            {
                Directory.Delete(Group);
            }
            catch (IOException)
            {
                // A process is still in it (being reaped); the kernel removes nothing else.
            }
        }
    }

    [Fact]
    public async Task RunAsync_KitExhaustsMemory_HostOomKilledActionFailsHostRestartedOtherKitsUnaffected()
    {
        Assert.True(Directory.Exists("/sys/fs/cgroup/memory"), "needs the cgroup v1 memory controller at /sys/fs/cgroup/memory (root)");
        Directory.CreateDirectory(Group);
        await File.WriteAllTextAsync(Path.Combine(Group, "memory.limit_in_bytes"), (400L * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        // The GC would otherwise respect the cgroup limit and throw OutOfMemoryException (also contained, but not a kill).
        var prefix = new[] { "/bin/sh", "-c", $"echo $$ > {Group}/cgroup.procs && exec env DOTNET_GCHeapHardLimit=0x200000000 \"$@\"", "sh" };
        using var kits = new TempKits("Kit.Crashy", "Kit.Alpha");
        await using var client = kits.Client(prefix);
        await client.StartAsync(Requests.Deadline());

        var result = await client.RunAsync(Requests.Run("crashy", KitAction.Restore, "c1", new Dictionary<string, string> { ["mode"] = "oom" }), Requests.Deadline(120));

        Assert.Equal(ActionOutcome.KitFailed, result.Outcome);
        Assert.Contains("was lost: kit host", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains("SIGKILL", result.ExitReason, StringComparison.Ordinal);
        var after = await client.RunAsync(Requests.Run("alpha", KitAction.Restore, "a1"), Requests.Deadline());
        Assert.True(after.Succeeded, after.ExitReason);
        Assert.Equal(1, client.Restarts);
    }
}
