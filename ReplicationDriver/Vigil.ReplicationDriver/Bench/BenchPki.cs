using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.ReplicationDriver.Bench;

/// <summary>
/// Throwaway certificates for the bench's TLS rows, in the gnutls directory layout nbdkit and libnbd read:
/// <c>DIR/server/</c> (ca-cert.pem, server-cert.pem, server-key.pem) and a client directory (ca-cert.pem, client-cert.pem,
/// client-key.pem). ECDSA P-256, one CA, valid for a day. The bench's directory must be readable by fio (see FioJob).
/// </summary>
internal static class BenchPki
{
    public static (string ServerDir, string ClientDir) Write(string dir, string clientDir)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=vigil-repd-bench-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));

        var serverDir = Path.Combine(dir, "server");
        foreach (var (sub, role) in new[] { (serverDir, "server"), (clientDir, "client") })
        {
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, "ca-cert.pem"), ca.ExportCertificatePem());
            var (cert, key) = Issue(ca, role);
            File.WriteAllText(Path.Combine(sub, $"{role}-cert.pem"), cert);
            File.WriteAllText(Path.Combine(sub, $"{role}-key.pem"), key);
        }

        return (serverDir, clientDir);
    }

    private static (string Cert, string Key) Issue(X509Certificate2 ca, string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=bench-{role}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(role == "server" ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (role == "server")
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddHours(20), RandomNumberGenerator.GetBytes(16));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
