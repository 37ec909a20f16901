using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// A throwaway certificate authority (ECDSA P-256, made with .NET's CertificateRequest) that issues server and
/// client certificates as PEM files in the layouts the NBD tools read: vigil-repd's <c>--nbd-tls-*</c> files, and
/// the gnutls directory (<c>ca-cert.pem</c>, <c>client-cert.pem</c>, <c>client-key.pem</c>) of libnbd's
/// <c>tls-certificates=DIR</c> and qemu's <c>tls-creds-x509,dir=DIR</c>.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;

    public TestPki(string name)
    {
        var request = new CertificateRequest($"CN={name}", this.key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        this.ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public string CaPem => this.ca.ExportCertificatePem();

    /// <summary>Writes <c>server-cert.pem</c> and <c>server-key.pem</c> (for 127.0.0.1 and localhost) into <paramref name="dir"/>.</summary>
    public (string Cert, string Key) WriteServer(string dir)
    {
        var (cert, key) = this.Issue("vigil-repd", server: true);
        Directory.CreateDirectory(dir);
        var paths = (Path.Combine(dir, "server-cert.pem"), Path.Combine(dir, "server-key.pem"));
        File.WriteAllText(paths.Item1, cert);
        File.WriteAllText(paths.Item2, key);
        return paths;
    }

    /// <summary>A gnutls client directory: this CA's certificate (to verify the server) and a client certificate issued by <paramref name="issuer"/>.</summary>
    public string WriteClientDir(string dir, TestPki issuer)
    {
        var (cert, key) = issuer.Issue("nbd-client", server: false);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ca-cert.pem"), this.CaPem);
        File.WriteAllText(Path.Combine(dir, "client-cert.pem"), cert);
        File.WriteAllText(Path.Combine(dir, "client-key.pem"), key);
        return dir;
    }

    public void Dispose()
    {
        this.ca.Dispose();
        this.key.Dispose();
    }

    private (string CertPem, string KeyPem) Issue(string name, bool server)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(this.ca, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(this.ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), RandomNumberGenerator.GetBytes(16));
        return (issued.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
