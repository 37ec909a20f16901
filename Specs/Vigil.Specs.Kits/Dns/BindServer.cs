using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Dns;

/// <summary>
/// A real BIND (<c>named -g</c>) started for a spec class in a temporary directory, on a free 127.0.0.1 port, serving
/// zone <c>vigil.test</c> that only TSIG key <c>vigil-key</c> may update. Killed and removed on dispose.
/// </summary>
public sealed class BindServer : IAsyncLifetime
{
    public const string Zone = "vigil.test";
    public const string KeyName = "vigil-key";

    private readonly StringBuilder _log = new();
    private Process? _named;
    private TcpListener? _silent;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vigil-bind-").FullName;

    public int Port { get; private set; }

    public string Server => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The key's secret, to assert it never shows up anywhere.</summary>
    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret as tsig-keygen writes it: a BIND key clause.</summary>
    public string SecretFile => Path.Combine(Directory, "vigil-key.conf");

    /// <summary>Another secret for the same key name (BADSIG), alone in its file.</summary>
    public string WrongSecretFile => Path.Combine(Directory, "wrong.secret");

    /// <summary>A TCP port that accepts connections and never answers: an update to it hangs.</summary>
    public int SilentPort { get; private set; }

    public async Task InitializeAsync()
    {
        File.WriteAllText(SecretFile, $"key \"{KeyName}\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{Secret}\";\n}};\n");
        File.WriteAllText(WrongSecretFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        File.WriteAllText(Path.Combine(Directory, "vigil.test.zone"), """
            $TTL 300
            @   IN SOA ns.vigil.test. admin.vigil.test. 1 3600 600 86400 60
            @   IN NS  ns.vigil.test.
            ns  IN A   127.0.0.1
            """.ReplaceLineEndings("\n") + "\n");
        _silent = new TcpListener(IPAddress.Loopback, 0);
        _silent.Start();
        SilentPort = ((IPEndPoint)_silent.LocalEndpoint).Port;

        // A port picked free can be taken before named binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            WriteConfig();
            if (await StartAsync())
            {
                return;
            }

            if (attempt >= 3)
            {
                Stop(); // never leave a named behind, even when the fixture fails
                Assert.Fail($"named did not start: {_log}");
            }
        }
    }

    /// <summary>What the server answers for <paramref name="name"/>: its addresses, sorted (empty for none).</summary>
    public IReadOnlyList<string> Query(string name, string type = "A")
    {
        var (code, output) = Shell.Run("dig", "+tcp", "+short", "+norecurse", "-p", Port.ToString(CultureInfo.InvariantCulture), "@127.0.0.1", name, type);
        Assert.True(code == 0, $"dig {name} {type}: {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>An update by hand (an operator, or someone else), with the right key.</summary>
    public void Update(params string[] commands)
    {
        var info = new ProcessStartInfo("nsupdate") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-v");
        using var process = Process.Start(info)!;
        process.StandardInput.Write($"server 127.0.0.1 {Port}\nzone {Zone}\nkey hmac-sha256:{KeyName} {Secret}\n{string.Join('\n', commands)}\nsend\n");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "nsupdate did not finish");
        Assert.True(process.ExitCode == 0, $"nsupdate: {error.Result}");
    }

    public void Stop()
    {
        if (_named is { HasExited: false })
        {
            _named.Kill(entireProcessTree: true);
            _named.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        _named?.Dispose();
        _silent?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void WriteConfig() => File.WriteAllText(Path.Combine(Directory, "named.conf"), $$"""
        include "{{SecretFile}}";
        options {
            directory "{{Directory}}";
            pid-file "{{Directory}}/named.pid";
            session-keyfile "{{Directory}}/session.key";
            managed-keys-directory "{{Directory}}";
            listen-on port {{Port}} { 127.0.0.1; };
            listen-on-v6 { none; };
            recursion no;
            dnssec-validation no;
            notify no;
        };
        controls { };
        zone "{{Zone}}" {
            type primary;
            file "{{Directory}}/vigil.test.zone";
            update-policy { grant {{KeyName}} zonesub ANY; };
        };
        """.ReplaceLineEndings("\n"));

    private async Task<bool> StartAsync()
    {
        Stop();
        var info = new ProcessStartInfo("named") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-g", "-c", Path.Combine(Directory, "named.conf") })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            _named = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"cannot start named ({ex.Message}): install Debian package bind9 (scripts/setup.sh)");
            throw;
        }

        _named.OutputDataReceived += (_, e) => Append(e.Data);
        _named.ErrorDataReceived += (_, e) => Append(e.Data);
        _named.BeginOutputReadLine();
        _named.BeginErrorReadLine();

        // Poll until the server answers for its zone (or gives up), with a deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTime.UtcNow < deadline && !_named.HasExited)
        {
            var (code, output) = Shell.Run("dig", "+tcp", "+short", "+time=1", "+tries=1", "-p", Port.ToString(CultureInfo.InvariantCulture), "@127.0.0.1", Zone, "SOA");
            if (code == 0 && output.Contains("ns.vigil.test.", StringComparison.Ordinal))
            {
                return true;
            }

            await tick.WaitForNextTickAsync();
        }

        return false;
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
