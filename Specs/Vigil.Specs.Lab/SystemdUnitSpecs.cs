using System.Diagnostics;

namespace Vigil.Specs.Lab;

[Collection(LabCollection.Name)]
public sealed class SystemdUnitSpecs
{
    [Fact]
    public async Task VigildService_SystemdAnalyzeVerify_ReportsNothing()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-unit-").FullName;
        try
        {
            var unit = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(LabCluster.Vigild)!, "vigild.service"));
            // Point ExecStart at the vigild just built: verify checks that the command exists and is executable.
            var path = Path.Combine(dir, "vigild.service");
            await File.WriteAllTextAsync(path, unit.Replace("/usr/lib/vigil/vigild", LabCluster.Vigild, StringComparison.Ordinal));

            using var p = Process.Start(new ProcessStartInfo("systemd-analyze", ["verify", path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();

            Assert.True(p.ExitCode == 0 && stderr.Length == 0, $"systemd-analyze verify: exit {p.ExitCode}\n{stderr}");
            Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
