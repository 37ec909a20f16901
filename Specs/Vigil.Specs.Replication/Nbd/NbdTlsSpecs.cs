using System.Security.Cryptography;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Nbd;

/// <summary>
/// The export with <c>--nbd-tls require</c> and mutual TLS on a wildcard address, against real clients: libnbd's
/// nbdinfo with nbds:// URIs and qemu-img/qemu-io with tls-creds-x509, certificates made by <see cref="TestPki"/>.
/// </summary>
public sealed class NbdTlsSpecs : IAsyncLifetime
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1");
    private readonly TestPki pki = new("vigil-test-ca");
    private readonly TestPki stranger = new("some-other-ca");
    private int tcpPort;
    private string clientDir = string.Empty;

    public async Task InitializeAsync()
    {
        var (cert, key) = this.pki.WriteServer(Path.Combine(this.lab.Root, "server"));
        var ca = Path.Combine(this.lab.Root, "server", "ca-cert.pem");
        await File.WriteAllTextAsync(ca, this.pki.CaPem);
        this.clientDir = this.pki.WriteClientDir(Path.Combine(this.lab.Root, "client"), this.pki);

        // 0.0.0.0: a non-loopback bind, allowed only because TLS is required.
        this.lab["n1"].ExtraArgs.AddRange(["--nbd-address", "0.0.0.0", "--nbd-tls", "require", "--nbd-tls-cert", cert, "--nbd-tls-key", key, "--nbd-tls-ca", ca]);
        await this.lab.StartAllAsync();
        this.tcpPort = Ports.Free();
        await this.lab.CreateAsync(this.lab.Spec("vol", MirrorMode.Sync, "n1", Size) with { ExportTcpPort = this.tcpPort });
    }

    public Task DisposeAsync()
    {
        this.lab.Dispose();
        this.pki.Dispose();
        this.stranger.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Nbdinfo_NbdsWithClientCertificate_ReportsTheExportOverTls()
    {
        using var json = JsonDocument.Parse(await Tool.CheckAsync("nbdinfo", "--json", this.TlsUri(this.clientDir)));
        Assert.True(json.RootElement.GetProperty("TLS").GetBoolean());
        Assert.Equal(Size, json.RootElement.GetProperty("exports")[0].GetProperty("export-size").GetInt64());

        // The local Unix socket stays usable by plain clients (only TCP forces TLS).
        using var plain = JsonDocument.Parse(await Tool.CheckAsync("nbdinfo", "--json", this.lab.Uri("vol")));
        Assert.False(plain.RootElement.GetProperty("TLS").GetBoolean());
    }

    [Fact]
    public async Task QemuIo_TlsCredsX509_WritesAndReadsBackTheSameBytes()
    {
        var creds = $"tls-creds-x509,id=tls0,dir={this.clientDir},endpoint=client";
        var image = $"driver=nbd,host=127.0.0.1,port={this.tcpPort},export=vol,tls-creds=tls0";
        var info = await Tool.CheckAsync("qemu-img", "info", "--object", creds, "--image-opts", image);
        Assert.Contains($"virtual size: 16 MiB ({Size} bytes)", info, StringComparison.Ordinal);

        var io = await Tool.CheckAsync("qemu-io", "--object", creds, "--image-opts", image,
            "-c", "write -P 0xa5 1M 256k", "-c", "flush", "-c", "read -P 0xa5 1M 256k");
        Assert.DoesNotContain("Pattern verification failed", io, StringComparison.Ordinal);
        var expected = new byte[256 << 10];
        Array.Fill(expected, (byte)0xa5);
        await using var volume = File.OpenRead(this.lab.Volume("n1", "vol"));
        volume.Position = 1 << 20;
        var actual = new byte[expected.Length];
        await volume.ReadExactlyAsync(actual);
        Assert.Equal(SHA256.HashData(expected), SHA256.HashData(actual));
    }

    [Fact]
    public async Task Nbdinfo_PlainClientOnTlsRequiredExport_RefusedSayingTlsIsRequired()
    {
        var (exit, output, error) = await Tool.RunAsync("nbdinfo", [$"nbd://127.0.0.1:{this.tcpPort}/vol"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("TLS", error + output, StringComparison.Ordinal);

        // At the protocol level: an option before STARTTLS gets NBD_REP_ERR_TLS_REQD, and the session goes on.
        using var raw = NbdTestClient.GreetTcp(this.tcpPort);
        Assert.Equal(0x80000005u, raw.Option(3, [])[^1].Type);
        Assert.Equal(0x80000005u, raw.Option(3, [])[^1].Type);
    }

    [Fact]
    public async Task Nbdinfo_ClientCertificateFromAnotherCa_RefusedByTheServer()
    {
        // Trusts our server, but its own certificate comes from a CA the export was not told to trust.
        var dir = this.pki.WriteClientDir(Path.Combine(this.lab.Root, "client-stranger"), this.stranger);
        var (exit, _, _) = await Tool.RunAsync("nbdinfo", [this.TlsUri(dir)]);
        Assert.NotEqual(0, exit);
        await Poll.UntilAsync(() => this.lab["n1"].Log.Contains("TLS handshake failed", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the refusal in the log");
    }

    [Fact]
    public async Task Nbdinfo_ServerCertificateFromAnotherCa_ClientRefuses()
    {
        var dir = this.stranger.WriteClientDir(Path.Combine(this.lab.Root, "client-wrong-ca"), this.pki);
        var (exit, output, error) = await Tool.RunAsync("nbdinfo", [this.TlsUri(dir)]);
        Assert.NotEqual(0, exit);
        Assert.Contains("certificate", (error + output).ToLowerInvariant(), StringComparison.Ordinal);
    }

    private string TlsUri(string certificates) => $"nbds://127.0.0.1:{this.tcpPort}/vol?tls-certificates={certificates}";
}
