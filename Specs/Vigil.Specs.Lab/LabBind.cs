using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Specs.Lab;

/// <summary>
/// A real BIND (<c>named -g</c>) for one spec, run in the lab's switch namespace on the router's address
/// 10.77.0.254 — the address both public subnets reach (the first directly, the second through the router). Zone
/// <c>vigil.test</c>, updatable only with TSIG key <c>vigil-key</c>. Config and zone live in a temporary directory;
/// killed and removed on dispose.
/// </summary>
internal sealed class LabBind : IAsyncDisposable
{
    public const string Zone = "vigil.test";
    public const string KeyName = "vigil-key";
    public const string Address = "10.77.0.254";

    private readonly StringBuilder _log = new();
    private readonly string _client;
    private Process? _named;

    private LabBind(string client) => _client = client;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vigil-lab-bind-").FullName;

    /// <summary>The key clause the nodes' dns kit reads (mode 0600).</summary>
    public string SecretFile => Path.Combine(Directory, "vigil-key.conf");

    public static async Task<LabBind> StartAsync(LabCluster lab)
    {
        var bind = new LabBind(lab.ClientNamespace);
        try
        {
            await bind.RunAsync(lab.SwitchNamespace);
            return bind;
        }
        catch
        {
            await bind.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a client on the public network gets for <paramref name="name"/> (dig in the client namespace): its A records, sorted.</summary>
    public IReadOnlyList<string> Resolve(string name)
    {
        var (code, output) = Netns.Run(_client, TimeSpan.FromSeconds(5), "dig", "+short", "+time=1", "+tries=1", "@" + Address, name, "A");
        return code == 0 ? [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)] : [];
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_named is { HasExited: false })
        {
            _named.Kill(entireProcessTree: true);
            _named.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _named?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(string switchNamespace)
    {
        File.WriteAllText(SecretFile, $"key \"{KeyName}\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\";\n}};\n");
        File.SetUnixFileMode(SecretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(Directory, "zone"), $"$TTL 300\n@ IN SOA ns.{Zone}. admin.{Zone}. 1 3600 600 86400 60\n@ IN NS ns.{Zone}.\nns IN A {Address}\n");
        File.WriteAllText(Path.Combine(Directory, "named.conf"), $$"""
            include "{{SecretFile}}";
            options {
                directory "{{Directory}}";
                pid-file "{{Directory}}/named.pid";
                session-keyfile "{{Directory}}/session.key";
                managed-keys-directory "{{Directory}}";
                listen-on port 53 { {{Address}}; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify no;
            };
            controls { };
            zone "{{Zone}}" { type primary; file "{{Directory}}/zone"; update-policy { grant {{KeyName}} zonesub A; }; };
            """.ReplaceLineEndings("\n"));
        _named = Netns.Start(switchNamespace, "named", "-4", "-g", "-c", Path.Combine(Directory, "named.conf"));
        _named.OutputDataReceived += (_, e) => Append(e.Data);
        _named.ErrorDataReceived += (_, e) => Append(e.Data);
        _named.BeginOutputReadLine();
        _named.BeginErrorReadLine();
        var ready = await Poll.UntilAsync(
            () => Task.FromResult(_named.HasExited || Netns.Run(_client, TimeSpan.FromSeconds(5), "dig", "+short", "+time=1", "+tries=1", "@" + Address, Zone, "SOA").Output.Contains($"ns.{Zone}.", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        Assert.True(ready && !_named.HasExited, $"named did not answer on {Address} from the client namespace (install Debian package bind9):\n{Log}");
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
