using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Nbd;

/// <summary><c>vigil-repd run</c> refuses NBD export settings that would expose the export unauthenticated, or that it cannot load.</summary>
public sealed class NbdTlsConfigSpecs : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "vigil-repd-tlsconf-" + Guid.NewGuid().ToString("N")[..8]);

    public NbdTlsConfigSpecs() => Directory.CreateDirectory(this.dir);

    public void Dispose() => Directory.Delete(this.dir, recursive: true);

    [Fact]
    public async Task Run_NonLoopbackAddressWithoutTls_RefusedNamingOptionAndValue()
    {
        var (exit, error) = await this.RunAsync("--nbd-address", "0.0.0.0");
        Assert.Equal(2, exit);
        Assert.Contains("--nbd-address 0.0.0.0 is not a loopback address", error, StringComparison.Ordinal);
        Assert.Contains("--nbd-tls require", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownTlsMode_RefusedNamingOptionAndValue()
    {
        var (exit, error) = await this.RunAsync("--nbd-tls", "maybe");
        Assert.Equal(2, exit);
        Assert.Contains("--nbd-tls 'maybe': expected require or off", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TlsRequiredWithMissingCertificate_RefusedNamingTheFile()
    {
        var missing = Path.Combine(this.dir, "nope.pem");
        var (exit, error) = await this.RunAsync("--nbd-tls", "require", "--nbd-tls-cert", missing, "--nbd-tls-key", missing);
        Assert.Equal(2, exit);
        Assert.Contains($"--nbd-tls-cert {missing}: file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_KeyNotMatchingTheCertificate_RefusedNamingBothFiles()
    {
        using var pki = new TestPki("conf-ca");
        var (cert, _) = pki.WriteServer(Path.Combine(this.dir, "a"));
        var (_, otherKey) = pki.WriteServer(Path.Combine(this.dir, "b"));
        var (exit, error) = await this.RunAsync("--nbd-tls", "require", "--nbd-tls-cert", cert, "--nbd-tls-key", otherKey);
        Assert.Equal(2, exit);
        Assert.Contains($"--nbd-tls-cert {cert} / --nbd-tls-key {otherKey}", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Error)> RunAsync(params string[] nbd)
    {
        var secret = Path.Combine(this.dir, "secret");
        await File.WriteAllBytesAsync(secret, new byte[32]);
        var (exit, _, error) = await Tool.RunAsync("dotnet", [RepdNode.DriverDll, "run", "--node", "n1", "--data", this.dir,
            "--listen", $"127.0.0.1:{Ports.Free()}", "--secret-file", secret, .. nbd]);
        return (exit, error);
    }
}
