using System.Diagnostics;
using System.Text;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// One real vigil-repd process (<c>dotnet vigil-repd.dll run …</c>) with its own data dir and ports.
/// Kill() is kill -9 (a crash); Dispose() always kills it, so no spec leaves a child behind.
/// </summary>
internal sealed class RepdNode : IDisposable
{
    private readonly StringBuilder log = new();
    private Process? process;

    public RepdNode(string root, string name, byte[] secret)
    {
        this.Name = name;
        this.DataDir = Path.Combine(root, name);
        Directory.CreateDirectory(this.DataDir);
        this.SecretFile = Path.Combine(this.DataDir, "secret");
        File.WriteAllBytes(this.SecretFile, secret);
        this.Port = Ports.Free();
        this.Control = new MirrorControlClient(this.ControlSocket);
    }

    public string Name { get; }

    public string DataDir { get; }

    public string SecretFile { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{this.Port}";

    public string ControlSocket => Path.Combine(this.DataDir, "control.sock");

    public MirrorControlClient Control { get; }

    /// <summary>The running process's id (0 before start).</summary>
    public int Pid => this.process?.Id ?? 0;

    /// <summary>Extra command-line options for <c>vigil-repd run</c>.</summary>
    public List<string> ExtraArgs { get; } = [];

    /// <summary>Extra environment for the process (LD_PRELOAD for the crash layer).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string Log
    {
        get
        {
            lock (this.log)
            {
                return this.log.ToString();
            }
        }
    }

    public static string DriverDll => Path.Combine(AppContext.BaseDirectory, "vigil-repd.dll");

    public async Task StartAsync()
    {
        File.Delete(this.ControlSocket);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { DriverDll, "run", "--node", this.Name, "--data", this.DataDir, "--listen", this.Address, "--secret-file", this.SecretFile })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var a in this.ExtraArgs)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in this.Environment)
        {
            info.Environment[key] = value;
        }

        this.process = Process.Start(info)!;
        this.process.OutputDataReceived += (_, e) => this.Append(e.Data);
        this.process.ErrorDataReceived += (_, e) => this.Append(e.Data);
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();
        // The socket file appears at bind(), before listen(): only an accepted connection means the driver is ready.
        await Poll.UntilAsync(() => Accepts(this.ControlSocket) || this.process.HasExited, TimeSpan.FromSeconds(20), $"{this.Name} control socket");
        Assert.False(this.process.HasExited, $"{this.Name} exited at start: {this.Log}");
    }

    internal static bool Accepts(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        try
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>kill -9: no clean shutdown, the activity log stays hot.</summary>
    public void Kill()
    {
        if (this.process is { HasExited: false })
        {
            this.process.Kill(entireProcessTree: true);
            this.process.WaitForExit();
        }
    }

    public Task<MirrorStatus> StatusAsync(string mirror) => this.Control.StatusAsync(mirror);

    public async Task<MirrorStatus> WaitAsync(string mirror, Func<MirrorStatus, bool> done, string what, int seconds = 30)
    {
        try
        {
            return await Poll.UntilAsync(() => this.Control.StatusAsync(mirror), done, TimeSpan.FromSeconds(seconds), $"{this.Name}: {what}");
        }
        catch (TimeoutException e)
        {
            var last = await this.Control.StatusAsync(mirror);
            throw new TimeoutException($"{e.Message}\npeers: {string.Join("; ", last.Peers)}\nlog of {this.Name}:\n{this.Log}", e);
        }
    }

    public void Dispose()
    {
        this.Kill();
        this.process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (this.log)
            {
                this.log.AppendLine(line);
            }
        }
    }
}
