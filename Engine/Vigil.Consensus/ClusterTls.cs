using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;

namespace Vigil.Consensus;

/// <summary>Builds DotNext's TLS options for mutual authentication against a pinned cluster authority.</summary>
internal static class ClusterTls
{
    public static SslOptions Create(ConsensusTlsOptions tls)
    {
        var options = new SslOptions();
        Configure(options.ServerOptions, tls);
        Configure(options.ClientOptions, tls);
        return options;
    }

    /// <summary>The server side of mutual TLS with the cluster (Raft and the proposal relay share it).</summary>
    public static SslServerAuthenticationOptions Server(ConsensusTlsOptions tls) => Configure(new SslServerAuthenticationOptions(), tls);

    /// <summary>The client side of mutual TLS with the cluster (Raft and the proposal relay share it).</summary>
    public static SslClientAuthenticationOptions Client(ConsensusTlsOptions tls) => Configure(new SslClientAuthenticationOptions(), tls);

    private static SslServerAuthenticationOptions Configure(SslServerAuthenticationOptions server, ConsensusTlsOptions tls)
    {
        RequirePrivateKey(tls);
        server.ServerCertificate = tls.Certificate;
        server.ClientCertificateRequired = true; // mutual: a peer without a cluster certificate is refused
        server.EnabledSslProtocols = SslProtocols.Tls13;
        server.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        server.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsClusterMember(certificate, tls.ClusterAuthority);
        return server;
    }

    private static SslClientAuthenticationOptions Configure(SslClientAuthenticationOptions client, ConsensusTlsOptions tls)
    {
        RequirePrivateKey(tls);
        client.TargetHost = tls.TargetHost;
        client.ClientCertificates = [tls.Certificate];
        // Always present our certificate: the server sends no acceptable-issuer list with a custom trust root.
        client.LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate;
        client.EnabledSslProtocols = SslProtocols.Tls13;
        client.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        client.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsClusterMember(certificate, tls.ClusterAuthority);
        return client;
    }

    private static void RequirePrivateKey(ConsensusTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (!tls.Certificate.HasPrivateKey)
        {
            throw new ArgumentException("The node certificate must carry its private key.", nameof(tls));
        }
    }

    /// <summary>True when <paramref name="presented"/> chains to <paramref name="authority"/> and nothing else (the system store is not trusted).</summary>
    internal static bool IsClusterMember(X509Certificate? presented, X509Certificate2 authority)
    {
        if (presented is null)
        {
            return false;
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(certificate))
        {
            return false;
        }

        // The chain must end at the pinned authority itself, not at some other root that happens to validate.
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }
}
