using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vigil.ReplicationDriver.Bench;

/// <summary>A fio job run with the nbd engine against one NBD URI; parses fio's JSON output.</summary>
internal sealed record FioJob(string Name, string Rw, string BlockSize, int IoDepth, string[] Extra)
{
    public static IReadOnlyList<FioJob> Standard(long sizeBytes, int runtimeSeconds)
    {
        var size = $"--size={sizeBytes}";
        var timed = new[] { "--time_based=1", $"--runtime={runtimeSeconds}", size };
        return
        [
            new("seq-write-1M-qd8+fsync", "write", "1m", 8, [size, "--end_fsync=1"]),
            new("seq-read-1M-qd8", "read", "1m", 8, [size]),
            new("rand-write-4k-qd1", "randwrite", "4k", 1, timed),
            new("rand-write-4k-qd32", "randwrite", "4k", 32, timed),
            new("durable-write-4k-qd1 (fsync=1)", "randwrite", "4k", 1, [.. timed, "--fsync=1"]),
        ];
    }

    /// <param name="target">The row's name.</param>
    /// <param name="uri">The NBD URI fio's engine connects to.</param>
    /// <param name="tlsHome">
    /// For nbds:// URIs: a HOME whose <c>.pki/libnbd</c> holds the client certificates. fio's engine does not allow the
    /// URI's tls-certificates (a local file), and libnbd reads $HOME/.pki/libnbd only for non-root users (root's is
    /// /etc/pki/libnbd, which a bench must not touch), so as root fio then runs as nobody.
    /// </param>
    public async Task<FioResult> RunAsync(string target, string uri, string? tlsHome = null)
    {
        var info = new ProcessStartInfo("fio") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (tlsHome is not null)
        {
            info.Environment["HOME"] = tlsHome;
            if (Environment.UserName == "root")
            {
                info.FileName = "setpriv";
                foreach (var a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "--", "fio"])
                {
                    info.ArgumentList.Add(a);
                }
            }
        }

        foreach (var a in (string[])["--name=bench", "--ioengine=nbd", $"--uri={uri}", $"--rw={this.Rw}", $"--bs={this.BlockSize}",
                     $"--iodepth={this.IoDepth}", "--output-format=json", "--randrepeat=0", .. this.Extra])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start fio");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"fio {this.Name} on {target} failed: {error}");
        }

        using var json = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        var job = json.RootElement.GetProperty("jobs")[0];
        var side = job.GetProperty(this.Rw.Contains("read", StringComparison.Ordinal) ? "read" : "write");
        var clat = side.GetProperty("clat_ns");
        double Percentile(JsonElement lat, string p)
            => lat.TryGetProperty("percentile", out var ps) && ps.TryGetProperty(p, out var v) ? v.GetDouble() / 1000 : double.NaN;
        var syncP50 = job.TryGetProperty("sync", out var sync) && sync.TryGetProperty("lat_ns", out var syncLat)
            ? Percentile(syncLat, "50.000000")
            : double.NaN;
        return new FioResult(
            this.Name,
            target,
            side.GetProperty("bw_bytes").GetDouble() / (1 << 20),
            side.GetProperty("iops").GetDouble(),
            Percentile(clat, "50.000000"),
            Percentile(clat, "99.000000"),
            syncP50);
    }

    public override string ToString() => this.Name + " " + string.Join(' ', this.Extra.Select(e => e.ToString(CultureInfo.InvariantCulture)));
}
