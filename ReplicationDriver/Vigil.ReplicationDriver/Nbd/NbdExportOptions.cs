using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// Where the NBD exports of this process listen on TCP and how they use TLS (<c>--nbd-address</c>, <c>--nbd-tls</c>,
/// <c>--nbd-tls-cert</c>, <c>--nbd-tls-key</c>, <c>--nbd-tls-ca</c>). Without TLS the export has no authentication of its
/// own, so only a loopback address is accepted then.
/// </summary>
/// <param name="Address">The TCP listen address.</param>
/// <param name="Mode">off or require.</param>
/// <param name="Certificate">The server certificate with its private key and chain (required when Mode is require).</param>
/// <param name="ClientCa">When set, clients must present a certificate issued by one of these (mutual TLS).</param>
internal sealed record NbdExportOptions(IPAddress Address, NbdTlsMode Mode, SslStreamCertificateContext? Certificate, X509Certificate2Collection? ClientCa)
{
    public static readonly NbdExportOptions Loopback = new(IPAddress.Loopback, NbdTlsMode.Off, null, null);

    /// <summary>TCP: forced TLS when required. The Unix socket (local, guarded by file permissions) only offers it.</summary>
    public NbdTlsPolicy PolicyFor(bool tcp)
    {
        if (this.Mode == NbdTlsMode.Off || this.Certificate is null)
        {
            return NbdTlsPolicy.Refused;
        }

        return new NbdTlsPolicy(tcp ? NbdTlsLevel.Required : NbdTlsLevel.Offered, this.ServerOptions());
    }

    private SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = this.Certificate,

        // 1.3 is what gnutls (libnbd, qemu) and OpenSSL negotiate; 1.2 stays for the protocol's "MUST support 1.2".
        EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
        ClientCertificateRequired = this.ClientCa is not null,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = this.ClientCa is null ? null : this.IsClientTrusted,
    };

    /// <summary>The client's chain must end at one of the configured CA certificates (and nowhere else).</summary>
    private bool IsClientTrusted(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || this.ClientCa is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(this.ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
