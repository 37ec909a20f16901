using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Cli.Lab;

/// <summary>
/// The cluster certificate (PKCS#12 with its key): every node presents it and pins it, so consensus traffic is
/// mutually authenticated TLS between holders of the cluster's secret. Made by `vigil lab up` (and later by
/// `vigil cluster init`); never checked in.
/// </summary>
internal static class ClusterCertificate
{
    public static byte[] Create(string clusterName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=vigil-cluster-{clusterName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
