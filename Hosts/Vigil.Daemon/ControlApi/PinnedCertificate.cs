using System.Security.Cryptography.X509Certificates;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// HTTPS to a control API that must present the cluster certificate itself: the certificate is pinned, so the
/// system trust store and host names play no part (lab and cluster addresses are bare IPs under a self-signed CA).
/// </summary>
internal static class PinnedCertificate
{
    /// <summary>A handler that accepts exactly <paramref name="pinned"/> (null: plain HTTP only).</summary>
    public static SocketsHttpHandler Handler(X509Certificate2? pinned, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = connectTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (pinned is not null)
        {
            var raw = pinned.RawData;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(raw);
        }

        return handler;
    }

    /// <summary>Loads a cluster certificate: PKCS#12 (<c>.pfx</c>, with or without its key) or PEM/DER (<c>.crt</c>).</summary>
    public static X509Certificate2 Load(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            ? X509CertificateLoader.LoadPkcs12FromFile(path, password: null)
            : X509CertificateLoader.LoadCertificateFromFile(path);
}
