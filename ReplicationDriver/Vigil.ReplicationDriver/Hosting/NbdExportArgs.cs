using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.ReplicationDriver.Nbd;

namespace Vigil.ReplicationDriver.Hosting;

/// <summary>
/// Parses the NBD export options of <c>vigil-repd run</c> and loads the certificates once at start, so that a
/// bad path, key or setting stops the process with the option and value named instead of failing per client.
/// </summary>
internal static class NbdExportArgs
{
    public const string AddressOption = "--nbd-address";
    public const string TlsOption = "--nbd-tls";
    public const string CertOption = "--nbd-tls-cert";
    public const string KeyOption = "--nbd-tls-key";
    public const string CaOption = "--nbd-tls-ca";

    public static NbdExportOptions Parse(IReadOnlyList<string> args)
    {
        string? Get(string name)
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] == name)
                {
                    return i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
                }
            }

            return null;
        }

        var addressText = Get(AddressOption) ?? "127.0.0.1";
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new ArgumentException($"{AddressOption} '{addressText}': not an IP address");
        }

        var mode = (Get(TlsOption) ?? "off") switch
        {
            "off" => NbdTlsMode.Off,
            "require" => NbdTlsMode.Require,
            var other => throw new ArgumentException($"{TlsOption} '{other}': expected require or off"),
        };
        var (cert, key, ca) = (Get(CertOption), Get(KeyOption), Get(CaOption));
        if (mode == NbdTlsMode.Off)
        {
            if (!IPAddress.IsLoopback(address))
            {
                throw new ArgumentException(
                    $"{AddressOption} {addressText} is not a loopback address: without TLS the export has no authentication, " +
                    $"so a reachable address needs {TlsOption} require (with {CertOption}, {KeyOption} and {CaOption})");
            }

            if (cert is not null || key is not null || ca is not null)
            {
                throw new ArgumentException($"{CertOption}/{KeyOption}/{CaOption} given with {TlsOption} off: set {TlsOption} require to use them");
            }

            return NbdExportOptions.Loopback with { Address = address };
        }

        if (cert is null || key is null)
        {
            throw new ArgumentException($"{TlsOption} require needs {CertOption} FILE and {KeyOption} FILE (PEM)");
        }

        var clientCa = ca is null ? null : LoadCa(ca);
        return new NbdExportOptions(address, mode, LoadCertificate(cert, key, clientCa), clientCa);
    }

    private static SslStreamCertificateContext LoadCertificate(string certFile, string keyFile, X509Certificate2Collection? clientCa)
    {
        RequireFile(CertOption, certFile);
        RequireFile(KeyOption, keyFile);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"{CertOption} {certFile} / {KeyOption} {keyFile}: not a PEM certificate with its matching private key ({e.Message})", e);
        }

        // Anything after the first certificate in the file is the chain the server sends along.
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in all.Skip(1))
        {
            intermediates.Add(extra);
        }

        // The CA goes into the CertificateRequest's list of acceptable issuers: gnutls clients (libnbd, qemu) pick
        // the client certificate to send by it.
        var trust = clientCa is null ? null : SslCertificateTrust.CreateForX509Collection(clientCa, sendTrustInHandshake: true);
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true, trust);
    }

    private static X509Certificate2Collection LoadCa(string caFile)
    {
        RequireFile(CaOption, caFile);
        var ca = new X509Certificate2Collection();
        try
        {
            ca.ImportFromPemFile(caFile);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{CaOption} {caFile}: not a PEM certificate file ({e.Message})", e);
        }

        return ca.Count > 0 ? ca : throw new ArgumentException($"{CaOption} {caFile}: no certificate in the file");
    }

    private static void RequireFile(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{option} {path}: file not found");
        }
    }
}
